#include "loyalty/referral_code.h"

#include <cstring>

namespace loyalty {

namespace {

constexpr int kBase = 31;

int symbol_value(char c) {
  const char* p = std::strchr(kCodeAlphabet, c);
  return (p && c) ? static_cast<int>(p - kCodeAlphabet) : -1;
}

// Weighted sum with weights 1..n: distinct and non-zero mod 31, so one wrong
// symbol or two swapped neighbours always changes the check.
char check_symbol(const std::string& data) {
  int sum = 0;
  for (size_t i = 0; i < data.size(); ++i) sum = (sum + static_cast<int>(i + 1) * symbol_value(data[i])) % kBase;
  return kCodeAlphabet[(kBase - sum) % kBase];
}

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::string encode(std::uint64_t v, int length) {
  std::string out;
  for (int i = 0; i < length; ++i) {
    out += kCodeAlphabet[v % kBase];
    v /= kBase;
  }
  return out;
}

}  // namespace

std::uint64_t hash64(const std::string& s, std::uint64_t seed) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ splitmix(seed);
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return splitmix(h);
}

std::string make_referral_code(std::uint64_t seed, const std::string& customer_id) {
  std::string data = encode(hash64(customer_id, seed), kCodeDataLength);
  return data + check_symbol(data);
}

std::string make_coupon_code(std::uint64_t seed, const std::string& key) {
  // Longer than a referral code: coupons are money and must not be guessable.
  std::uint64_t a = hash64(key, seed), b = hash64(key, seed ^ 0xA5A5A5A5A5A5A5A5ULL);
  std::string data = encode(a, 6) + encode(b, 5);
  return data + check_symbol(data);
}

std::optional<std::string> normalize_code(const std::string& input, std::string* why) {
  std::string code;
  for (char c : input) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (symbol_value(c) < 0) {
      if (why) {
        if (c == '0' || c == 'O' || c == '1' || c == 'I' || c == 'L')
          *why = std::string("'") + c + "' is never used in codes (ambiguous)";
        else
          *why = "contains a character that is not in codes";
      }
      return std::nullopt;
    }
    code += c;
  }
  if (code.size() < 2 || code.size() > 32) {
    if (why) *why = "has the wrong length";
    return std::nullopt;
  }
  std::string data = code.substr(0, code.size() - 1);
  if (check_symbol(data) != code.back()) {
    if (why) *why = "check character does not match (typo?)";
    return std::nullopt;
  }
  return code;
}

std::string format_code(const std::string& normalized) {
  if (normalized.size() <= 4) return normalized;
  return normalized.substr(0, 4) + "-" + normalized.substr(4);
}

}  // namespace loyalty
