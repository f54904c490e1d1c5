// Short, readable referral codes: 31 symbols without 0/O, 1/I/L, and a check
// character (weighted sum mod 31, a prime) that catches any single typo and
// any swap of two neighbours before a request is made.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace loyalty {

constexpr const char* kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr int kCodeDataLength = 7;

// Deterministic: the same (seed, customer id) always gives the same code.
std::string make_referral_code(std::uint64_t seed, const std::string& customer_id);
// A coupon code for a redemption, deterministic from seed and key.
std::string make_coupon_code(std::uint64_t seed, const std::string& key);

// Normalises (upper case, drops spaces and dashes) and checks. Empty with a
// reason in `why` when the code is malformed or its check character is wrong.
std::optional<std::string> normalize_code(const std::string& input, std::string* why = nullptr);
// "ABCD-EFGH" for display.
std::string format_code(const std::string& normalized);

std::uint64_t hash64(const std::string& s, std::uint64_t seed = 0);

}  // namespace loyalty
