// Points and money are distinct types: one cannot be passed for the other, and
// neither is made from or turned into a bare integer without saying so.
#include <type_traits>

#include "helpers.h"

using namespace loyalty;

static_assert(!std::is_convertible_v<std::int64_t, Points>, "a bare integer is not points");
static_assert(!std::is_convertible_v<Points, std::int64_t>, "points are not a bare integer");
static_assert(!std::is_convertible_v<Minor, Points>, "money is not points");
static_assert(!std::is_convertible_v<Points, Minor>, "points are not money");
static_assert(sizeof(Points) == sizeof(std::int64_t) && std::is_trivially_copyable_v<Points>, "free at run time");

TEST_CASE("amounts: the crossings between points and money are the named ones", "[money]") {
  CHECK(points_for_spend(1999, Points{1}, 100, Rounding::Floor) == Points{19});
  CHECK(money_for_points(Points{250}, 500, Points{100}, Rounding::HalfUp) == 1250);
  CHECK(checked_add(Points{INT64_MAX}, Points{1}) == std::nullopt);
  CHECK(saturating_add(Points{INT64_MAX}, Points{1}) == Points{INT64_MAX});
  CHECK(mul_div(Points{101}, 150, 100, Rounding::HalfEven) == Points{152});
}
