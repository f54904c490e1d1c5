// Points and money are distinct types: one cannot be passed for the other, and
// neither is made from or turned into a bare integer without saying so.
#include <type_traits>

#include "helpers.h"

using namespace loyalty;

static_assert(!std::is_convertible_v<std::int64_t, Points>, "a bare integer is not points");
static_assert(!std::is_convertible_v<Points, std::int64_t>, "points are not a bare integer");
static_assert(!std::is_convertible_v<std::int64_t, Money>, "a bare integer is not money");
static_assert(!std::is_convertible_v<Money, std::int64_t>, "money is not a bare integer");
static_assert(!std::is_convertible_v<Money, Points>, "money is not points");
static_assert(!std::is_convertible_v<Points, Money>, "points are not money");
// Not even said out loud: no constructor makes one unit of the other.
static_assert(!std::is_constructible_v<Points, Money> && !std::is_constructible_v<Money, Points>, "no cast between units");
// The shopper's presentment total is in another currency: not the shop's money.
static_assert(!std::is_constructible_v<Money, PresentmentMoney> && !std::is_constructible_v<PresentmentMoney, Money>,
              "presentment money is not shop money");
static_assert(sizeof(Points) == sizeof(std::int64_t) && std::is_trivially_copyable_v<Points>, "free at run time");
static_assert(sizeof(Money) == sizeof(std::int64_t) && std::is_trivially_copyable_v<Money>, "free at run time");

// A core function refuses an amount of the wrong unit, or a bare integer, in a money or points slot.
static_assert(std::is_invocable_v<decltype(format_minor), Money, int>);
static_assert(!std::is_invocable_v<decltype(format_minor), Points, int>, "points are not formatted as money");
static_assert(!std::is_invocable_v<decltype(format_minor), std::int64_t, int>, "a bare integer is not money");
static_assert(!std::is_invocable_v<decltype(variable_value), const Reward&, Money>, "money is not points to redeem");
static_assert(!std::is_invocable_v<decltype(variable_value), const Reward&, std::int64_t>, "nor is a bare integer");

// The crossings take each unit in its own slot, and only there.
static_assert(std::is_invocable_r_v<std::optional<Points>, decltype(points_for_spend), Money, Points, Money, Rounding>);
static_assert(!std::is_invocable_v<decltype(points_for_spend), Points, Points, Money, Rounding>, "spend is money");
static_assert(!std::is_invocable_v<decltype(points_for_spend), Money, Money, Money, Rounding>, "the rate is points");
static_assert(!std::is_invocable_v<decltype(points_for_spend), std::int64_t, Points, std::int64_t, Rounding>);
static_assert(std::is_invocable_r_v<std::optional<Money>, decltype(money_for_points), Points, Money, Points, Rounding>);
static_assert(!std::is_invocable_v<decltype(money_for_points), Money, Money, Points, Rounding>, "what is valued is points");
static_assert(!std::is_invocable_v<decltype(money_for_points), Points, Points, Points, Rounding>, "the value is money");
static_assert(!std::is_invocable_v<decltype(money_for_points), Points, std::int64_t, Points, Rounding>);
static_assert(!std::is_invocable_v<decltype(spend_for_points), Money, Points, Money, std::int64_t, std::int64_t>);

TEST_CASE("amounts: the crossings between points and money are the named ones", "[money]") {
  CHECK(points_for_spend(Money{1999}, Points{1}, Money{100}, Rounding::Floor) == Points{19});
  CHECK(money_for_points(Points{250}, Money{500}, Points{100}, Rounding::HalfUp) == Money{1250});
  // 19 points at 1 per 1.00, with multipliers of 150% and 100%: 12.67, rounded up.
  CHECK(spend_for_points(Points{19}, Points{1}, Money{100}, 150, 100) == Money{1267});
  CHECK(checked_add(Points{INT64_MAX}, Points{1}) == std::nullopt);
  CHECK(saturating_add(Points{INT64_MAX}, Points{1}) == Points{INT64_MAX});
  CHECK(mul_div(Points{101}, 150, 100, Rounding::HalfEven) == Points{152});
  CHECK(checked_mul(Money{INT64_MAX}, 2) == std::nullopt);
  CHECK(checked_mul(Money{250}, 3) == Money{750});
  CHECK(Money{1999} / 2 == Money{999});
}
