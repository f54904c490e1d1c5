// One signed POST of a notification to a receiver (cpp-httplib's client):
// http:// and https:// (OpenSSL, the server's certificate verified against the
// system's CAs). A 2xx answer is delivered; anything else is a failure to retry.
#pragma once
#include <cstdint>
#include <string>

namespace loyalty::server {

struct SendResult {
  bool ok = false;
  int status = 0;       // the receiver's HTTP status (0: no answer)
  std::string error;    // why it failed, for the dead-letter list
};

// Headers: Content-Type: application/json, X-Loyalty-Timestamp (epoch
// seconds), X-Loyalty-Signature (auth/outgoing_signature.h),
// X-Loyalty-Notification-Id and X-Loyalty-Notification-Type.
SendResult send_notification(const std::string& url, const std::string& secret, const std::string& id,
                             const std::string& type, const std::string& body, std::int64_t now, std::int64_t timeout_ms);

// The URL a receiver may have: http:// or https://, a host, no user info or
// fragment; "" when fine, else why not.
std::string receiver_url_problem(const std::string& url);

}  // namespace loyalty::server
