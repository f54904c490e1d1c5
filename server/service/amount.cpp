#include "service/amount.h"

#include "loyalty/money.h"

namespace loyalty::server {

std::optional<std::int64_t> parse_minor(const std::string& text, int minor_digits) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::int64_t whole = 0;
  size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > loyalty::kMaxAmount) return std::nullopt;
  }
  std::int64_t frac = 0;
  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (frac_digits < minor_digits) {
        frac = frac * 10 + (text[i] - '0');
        ++frac_digits;
      } else if (text[i] != '0') {
        return std::nullopt;  // a fraction of a minor unit: refuse rather than round
      }
      ++digits;
    }
  }
  if (i != text.size() || digits == 0) return std::nullopt;
  for (; frac_digits < minor_digits; ++frac_digits) frac *= 10;
  std::int64_t scale = 1;
  for (int k = 0; k < minor_digits; ++k) scale *= 10;
  auto total = loyalty::checked_mul(whole, scale);
  if (!total) return std::nullopt;
  std::int64_t v = *total + frac;
  if (v > loyalty::kMaxAmount) return std::nullopt;
  return negative ? -v : v;
}

}  // namespace loyalty::server
