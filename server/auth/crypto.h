// HMAC-SHA256, SHA-256, base64 and hex, and a constant-time compare.
#pragma once
#include <optional>
#include <string>

namespace loyalty::server {

std::string hmac_sha256(const std::string& key, const std::string& message);  // 32 raw bytes
std::string sha256(const std::string& data);                                   // 32 raw bytes
std::string to_hex(const std::string& bytes);
std::optional<std::string> from_hex(const std::string& hex);
std::string to_base64(const std::string& bytes);
std::optional<std::string> from_base64(const std::string& b64);
// Equal length and bytes, in time that depends only on the lengths.
bool constant_time_equal(const std::string& a, const std::string& b);
std::string random_hex(size_t bytes);

}  // namespace loyalty::server
