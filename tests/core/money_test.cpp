#include "helpers.h"
#include "loyalty/money.h"

using namespace loyalty;

TEST_CASE("money: each rounding rule on halves, negatives and exact values", "[money]") {
  CHECK(divide_rounded(7, 2, Rounding::Floor) == 3);
  CHECK(divide_rounded(7, 2, Rounding::Ceil) == 4);
  CHECK(divide_rounded(7, 2, Rounding::HalfUp) == 4);
  CHECK(divide_rounded(7, 2, Rounding::HalfEven) == 4);
  CHECK(divide_rounded(5, 2, Rounding::HalfEven) == 2);
  CHECK(divide_rounded(-7, 2, Rounding::Floor) == -4);
  CHECK(divide_rounded(-7, 2, Rounding::Ceil) == -3);
  CHECK(divide_rounded(6, 3, Rounding::Ceil) == 2);
  CHECK(divide_rounded(1, 3, Rounding::HalfUp) == 0);
  CHECK_FALSE(divide_rounded(1, 0, Rounding::Floor));
}

TEST_CASE("money: overflow is reported, never wrapped", "[money]") {
  CHECK_FALSE(checked_add(INT64_MAX, 1));
  CHECK_FALSE(checked_sub(INT64_MIN, 1));
  CHECK_FALSE(checked_mul(INT64_MAX / 2 + 1, 2));
  CHECK(checked_mul(3037000499LL, 3037000499LL));
  CHECK_FALSE(mul_div(INT64_MAX, INT64_MAX, 1, Rounding::Floor));
  CHECK(mul_div(INT64_MAX, INT64_MAX, INT64_MAX, Rounding::Floor) == INT64_MAX);  // 128-bit intermediate
}

TEST_CASE("money: minor units format without floating point", "[money]") {
  CHECK(format_minor(Money{1234}, 2) == "12.34");
  CHECK(format_minor(Money{5}, 2) == "0.05");
  CHECK(format_minor(Money{-5}, 2) == "-0.05");
  CHECK(format_minor(Money{1234}, 0) == "1234");
  CHECK(format_minor(Money{INT64_MIN}, 2) == "-92233720368547758.08");
}

TEST_CASE("money: rounding names round-trip", "[money]") {
  for (Rounding r : {Rounding::Floor, Rounding::Ceil, Rounding::HalfUp, Rounding::HalfEven})
    CHECK(rounding_from_name(rounding_name(r)) == r);
  CHECK_FALSE(rounding_from_name("banker"));
}
