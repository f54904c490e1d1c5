#include "auth/outgoing_signature.h"

#include <cstdlib>

#include "auth/crypto.h"

namespace loyalty::server {

std::string outgoing_signature(const std::string& secret, std::int64_t timestamp, const std::string& body) {
  return to_hex(hmac_sha256(secret, std::to_string(timestamp) + "." + body));
}

bool verify_outgoing(const std::string& secret, const std::string& timestamp, const std::string& signature,
                     const std::string& body, std::int64_t now, std::int64_t tolerance) {
  if (timestamp.empty() || timestamp.size() > 18 || timestamp.find_first_not_of("0123456789") != std::string::npos) return false;
  const std::int64_t t = std::strtoll(timestamp.c_str(), nullptr, 10);
  if (t < now - tolerance || t > now + tolerance) return false;
  return constant_time_equal(outgoing_signature(secret, t, body), signature);
}

}  // namespace loyalty::server
