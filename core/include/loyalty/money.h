// Exact arithmetic for money (integer minor units) and points (int64).
// Every operation that could overflow reports it instead of wrapping.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace loyalty {

// A whole number of one unit: points, or minor units of money. Each unit is
// its own type and none converts implicitly to another or from an integer, so
// an amount of money cannot be passed where points are expected (or back):
// the compiler refuses it (tests/core/amount_types_test.cpp). Money becomes
// points only in points_for_spend(), points money only in money_for_points()
// and spend_for_points() (grep finds every crossing); raw() is for the edges
// (JSON, SQL) and for 128-bit intermediate products. One int64, every member
// constexpr and always inlined: the same machine code as a bare int64 (-Oz, the
// widget's wasm, would otherwise call each operator: +900 B of wasm).
#define LOYALTY_INLINE_AMOUNT [[gnu::always_inline]]
template <class Unit>
class Amount {
 public:
  LOYALTY_INLINE_AMOUNT constexpr Amount() {}
  LOYALTY_INLINE_AMOUNT constexpr explicit Amount(std::int64_t v) : v_(v) {}
  LOYALTY_INLINE_AMOUNT constexpr std::int64_t raw() const { return v_; }
  LOYALTY_INLINE_AMOUNT constexpr explicit operator bool() const { return v_ != 0; }  // `if (cap)`: nonzero

  LOYALTY_INLINE_AMOUNT constexpr Amount& operator+=(Amount o) { v_ += o.v_; return *this; }
  LOYALTY_INLINE_AMOUNT constexpr Amount& operator-=(Amount o) { v_ -= o.v_; return *this; }
  LOYALTY_INLINE_AMOUNT friend constexpr Amount operator+(Amount a, Amount b) { return Amount(a.v_ + b.v_); }
  LOYALTY_INLINE_AMOUNT friend constexpr Amount operator-(Amount a, Amount b) { return Amount(a.v_ - b.v_); }
  LOYALTY_INLINE_AMOUNT friend constexpr Amount operator-(Amount a) { return Amount(-a.v_); }
  // Whole multiples: a unit price times a quantity, a step times a count of steps.
  LOYALTY_INLINE_AMOUNT friend constexpr Amount operator*(Amount a, std::int64_t n) { return Amount(a.v_ * n); }
  // How many whole `b` fit in `a` (steps of a variable reward), and what is left.
  LOYALTY_INLINE_AMOUNT friend constexpr std::int64_t operator/(Amount a, Amount b) { return a.v_ / b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr Amount operator%(Amount a, Amount b) { return Amount(a.v_ % b.v_); }
  // A share by a bare count (a tenth, a half), truncated toward zero like int64's `/`.
  LOYALTY_INLINE_AMOUNT friend constexpr Amount operator/(Amount a, std::int64_t n) { return Amount(a.v_ / n); }

  LOYALTY_INLINE_AMOUNT friend constexpr bool operator==(Amount a, Amount b) { return a.v_ == b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator!=(Amount a, Amount b) { return a.v_ != b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator<(Amount a, Amount b) { return a.v_ < b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator<=(Amount a, Amount b) { return a.v_ <= b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator>(Amount a, Amount b) { return a.v_ > b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator>=(Amount a, Amount b) { return a.v_ >= b.v_; }
  // Against a bare count (0, a limit): comparing moves no value into a typed
  // slot, and an amount of another unit is still refused (it is no integer).
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator==(Amount a, std::int64_t b) { return a.v_ == b; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator!=(Amount a, std::int64_t b) { return a.v_ != b; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator<(Amount a, std::int64_t b) { return a.v_ < b; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator<=(Amount a, std::int64_t b) { return a.v_ <= b; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator>(Amount a, std::int64_t b) { return a.v_ > b; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator>=(Amount a, std::int64_t b) { return a.v_ >= b; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator==(std::int64_t a, Amount b) { return a == b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator!=(std::int64_t a, Amount b) { return a != b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator<(std::int64_t a, Amount b) { return a < b.v_; }
  LOYALTY_INLINE_AMOUNT friend constexpr bool operator>(std::int64_t a, Amount b) { return a > b.v_; }

 private:
  std::int64_t v_ = 0;
};

// nlohmann::json (the server's and the CLI's edge) writes an amount as its number.
template <class Json, class Unit>
void to_json(Json& j, Amount<Unit> a) { j = a.raw(); }

using Points = Amount<struct PointsUnit>;
// Money in the minor unit (cents) of the program's currency. It carries no
// currency of its own: inside the core every amount is in that one currency,
// and a cart in another is refused at the boundary (Cart::currency), so a
// Money{minor, currency} pair would only repeat the program's currency in
// every amount. The one amount in another currency, the shopper's presentment
// total, is display only and of its own unit (loyalty/cart.h).
using Money = Amount<struct MoneyUnit>;

// Largest amount or point count the core accepts anywhere: far above any real
// order, far below where a product of three of them overflows 128 bits.
constexpr std::int64_t kMaxAmount = 1000000000000000LL;  // 1e15

enum class Rounding { Floor, Ceil, HalfUp, HalfEven };

const char* rounding_name(Rounding r);
std::optional<Rounding> rounding_from_name(const std::string& name);

std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b);
// a + b clamped to the int64 range: sums over hostile ledgers stay defined.
std::int64_t saturating_add(std::int64_t a, std::int64_t b);

// round(numerator / denominator) under the named rule; denominator > 0.
// Empty when the result does not fit int64.
std::optional<std::int64_t> divide_rounded(__int128 numerator, __int128 denominator, Rounding r);

// a * b / c, exact in 128 bits, rounded by the rule; c > 0.
std::optional<std::int64_t> mul_div(std::int64_t a, std::int64_t b, std::int64_t c, Rounding r);

// The same per unit: both sides in one unit, and the result in it too.
template <class U>
std::optional<Amount<U>> typed(std::optional<std::int64_t> v) {
  return v ? std::optional<Amount<U>>(Amount<U>(*v)) : std::nullopt;
}
template <class U>
std::optional<Amount<U>> checked_add(Amount<U> a, Amount<U> b) { return typed<U>(checked_add(a.raw(), b.raw())); }
template <class U>
std::optional<Amount<U>> checked_sub(Amount<U> a, Amount<U> b) { return typed<U>(checked_sub(a.raw(), b.raw())); }
template <class U>
std::optional<Amount<U>> checked_mul(Amount<U> a, std::int64_t n) { return typed<U>(checked_mul(a.raw(), n)); }
template <class U>
Amount<U> saturating_add(Amount<U> a, Amount<U> b) { return Amount<U>(saturating_add(a.raw(), b.raw())); }
// An amount scaled by num/den (a percentage), rounded by the rule.
template <class U>
std::optional<Amount<U>> mul_div(Amount<U> a, std::int64_t num, std::int64_t den, Rounding r) {
  return typed<U>(mul_div(a.raw(), num, den, r));
}

// The crossings between points and money, named so that grep finds them: an
// earning rule's rate (`points` per `per_amount` of spend: earn.cpp splits the
// same product into its multipliers' parts), the same rate backwards (the least
// spend that earns `need` points under two multipliers in percent) and a reward's value (`amount` of money per
// `per_points`). Anywhere else a unit changes is a bug the types refuse.
inline __int128 spend_times_rate(Money spend, Points points) { return static_cast<__int128>(spend.raw()) * points.raw(); }
inline std::optional<Points> points_for_spend(Money spend, Points points, Money per_amount, Rounding r) {
  return typed<PointsUnit>(divide_rounded(spend_times_rate(spend, points), per_amount.raw(), r));
}
inline std::optional<Money> spend_for_points(Points need, Points points, Money per_amount, std::int64_t pct_a,
                                             std::int64_t pct_b) {
  return typed<MoneyUnit>(divide_rounded(static_cast<__int128>(need.raw()) * per_amount.raw() * 10000,
                                         static_cast<__int128>(points.raw()) * pct_a * pct_b, Rounding::Ceil));
}
inline std::optional<Money> money_for_points(Points points, Money amount, Points per_points, Rounding r) {
  return typed<MoneyUnit>(mul_div(points.raw(), amount.raw(), per_points.raw(), r));
}

// "12.34" for 1234 with 2 minor digits; "-0.05"; "1234" with 0 digits.
std::string format_minor(Money amount, int minor_digits);

}  // namespace loyalty
