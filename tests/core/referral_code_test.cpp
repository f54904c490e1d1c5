#include <cstring>

#include "helpers.h"
#include "loyalty/referral_code.h"

using namespace loyalty;

TEST_CASE("referral_code: deterministic from seed and customer, unambiguous symbols", "[referral_code]") {
  const std::string a = make_referral_code(42, "cust-1");
  CHECK(a == make_referral_code(42, "cust-1"));
  CHECK(a != make_referral_code(43, "cust-1"));
  CHECK(a != make_referral_code(42, "cust-2"));
  CHECK(a.size() == static_cast<size_t>(kCodeDataLength + 1));
  for (char c : a) CHECK(std::strchr("01OIL", c) == nullptr);
  CHECK(normalize_code(a) == a);
}

TEST_CASE("referral_code: every single typo and every neighbour swap is caught", "[referral_code]") {
  const std::string code = make_referral_code(7, "someone");
  const std::string alphabet = kCodeAlphabet;
  for (size_t i = 0; i < code.size(); ++i)
    for (char c : alphabet) {
      if (c == code[i]) continue;
      std::string typo = code;
      typo[i] = c;
      CHECK_FALSE(normalize_code(typo));
    }
  for (size_t i = 0; i + 1 < code.size(); ++i) {
    if (code[i] == code[i + 1]) continue;
    std::string swapped = code;
    std::swap(swapped[i], swapped[i + 1]);
    CHECK_FALSE(normalize_code(swapped));
  }
}

TEST_CASE("referral_code: typed loosely, read strictly", "[referral_code]") {
  const std::string code = make_referral_code(1, "x");
  std::string messy = format_code(code);
  for (auto& ch : messy) ch = static_cast<char>(std::tolower(ch));
  CHECK(normalize_code(" " + messy + " ") == code);
  std::string why;
  CHECK_FALSE(normalize_code("ABC0DEF", &why));
  CHECK(why.find("ambiguous") != std::string::npos);
  CHECK_FALSE(normalize_code("", &why));
  CHECK_FALSE(normalize_code("AB$CD", &why));
}

TEST_CASE("referral_code: coupon codes are longer and differ per key", "[referral_code]") {
  const std::string c1 = make_coupon_code(9, "cust:redeem-1"), c2 = make_coupon_code(9, "cust:redeem-2");
  CHECK(c1 != c2);
  CHECK(c1.size() == 12);
  CHECK(normalize_code(c1) == c1);
}
