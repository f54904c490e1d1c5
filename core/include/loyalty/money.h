// Exact arithmetic for money (integer minor units) and points (int64).
// Every operation that could overflow reports it instead of wrapping.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace loyalty {

using Points = std::int64_t;
using Minor = std::int64_t;  // an amount in the currency's minor unit (cents)

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

// "12.34" for 1234 with 2 minor digits; "-0.05"; "1234" with 0 digits.
std::string format_minor(Minor amount, int minor_digits);

}  // namespace loyalty
