// Decimal money strings ("414.95") to integer minor units, exactly.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace loyalty::server {

// "414.95" with 2 digits -> 41495; "-10.00" -> -1000; "3" -> 300. Empty when
// the text is not a plain decimal, has more significant fraction digits than
// the currency allows, or is beyond the core's amount limit.
std::optional<std::int64_t> parse_minor(const std::string& text, int minor_digits);

}  // namespace loyalty::server
