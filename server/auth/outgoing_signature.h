// How the server signs the notifications it sends (server/README.md, "Outgoing
// webhooks"): the incoming webhooks' HMAC-SHA256, over the timestamp and the
// raw body, so a captured delivery cannot be replayed later with a new time.
#pragma once
#include <cstdint>
#include <string>

namespace loyalty::server {

// Lower-case hex HMAC-SHA256(secret, "<timestamp>.<body>").
std::string outgoing_signature(const std::string& secret, std::int64_t timestamp, const std::string& body);
// What a receiver does: the signature matches (constant time) and the
// timestamp is within `tolerance` seconds of `now`.
bool verify_outgoing(const std::string& secret, const std::string& timestamp, const std::string& signature,
                     const std::string& body, std::int64_t now, std::int64_t tolerance = 300);

}  // namespace loyalty::server
