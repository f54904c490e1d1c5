#include "loyalty/money.h"

#include <cstdint>
#include <limits>

namespace loyalty {

const char* rounding_name(Rounding r) {
  switch (r) {
    case Rounding::Floor: return "floor";
    case Rounding::Ceil: return "ceil";
    case Rounding::HalfUp: return "half_up";
    case Rounding::HalfEven: return "half_even";
  }
  return "floor";
}

std::optional<Rounding> rounding_from_name(const std::string& name) {
  if (name == "floor") return Rounding::Floor;
  if (name == "ceil") return Rounding::Ceil;
  if (name == "half_up") return Rounding::HalfUp;
  if (name == "half_even") return Rounding::HalfEven;
  return std::nullopt;
}

std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
}

std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> divide_rounded(__int128 n, __int128 d, Rounding r) {
  if (d <= 0) return std::nullopt;
  // Most divisions fit 64 bits, where the hardware divides in one instruction.
  constexpr __int128 kLo = std::numeric_limits<std::int64_t>::min() + 1, kHi = std::numeric_limits<std::int64_t>::max();
  if (n >= kLo && n <= kHi && d <= kHi) {
    const std::int64_t n64 = static_cast<std::int64_t>(n), d64 = static_cast<std::int64_t>(d);
    std::int64_t q = n64 / d64, rem = n64 % d64;
    if (rem < 0) {
      q -= 1;
      rem += d64;
    }
    switch (r) {
      case Rounding::Floor: break;
      case Rounding::Ceil: if (rem > 0) q += 1; break;
      case Rounding::HalfUp: if (rem >= d64 - rem) q += 1; break;
      case Rounding::HalfEven: if (rem > d64 - rem || (rem == d64 - rem && (q % 2 != 0))) q += 1; break;
    }
    return q;
  }
  __int128 q = n / d;
  __int128 rem = n % d;  // same sign as n
  // Make q the floor and rem non-negative.
  if (rem < 0) {
    q -= 1;
    rem += d;
  }
  switch (r) {
    case Rounding::Floor: break;
    case Rounding::Ceil:
      if (rem > 0) q += 1;
      break;
    case Rounding::HalfUp:
      if (rem * 2 >= d) q += 1;
      break;
    case Rounding::HalfEven:
      if (rem * 2 > d || (rem * 2 == d && (q % 2 != 0))) q += 1;
      break;
  }
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
    return std::nullopt;
  return static_cast<std::int64_t>(q);
}

std::optional<std::int64_t> mul_div(std::int64_t a, std::int64_t b, std::int64_t c, Rounding r) {
  return divide_rounded(static_cast<__int128>(a) * b, c, r);
}

std::string format_minor(Money amount, int minor_digits) {
  bool negative = amount < 0;
  // Work in unsigned to survive INT64_MIN.
  const auto u = static_cast<std::uint64_t>(amount.raw());
  std::uint64_t v = negative ? (~u + 1) : u;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + v % 10));
    v /= 10;
  } while (v);
  if (minor_digits > 0) {
    while (static_cast<int>(digits.size()) <= minor_digits) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - minor_digits, '.');
  }
  return negative ? "-" + digits : digits;
}

}  // namespace loyalty
