#include "service/notification_sender.h"

#include <httplib.h>

#include "auth/outgoing_signature.h"

namespace loyalty::server {

namespace {
// "scheme://host[:port]" and the path (with query) after it.
bool split_url(const std::string& url, std::string& origin, std::string& path) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  const size_t path_at = url.find('/', scheme_end + 3);
  origin = url.substr(0, path_at);
  path = path_at == std::string::npos ? "/" : url.substr(path_at);
  return origin.size() > scheme_end + 3;
}
}  // namespace

std::string receiver_url_problem(const std::string& url) {
  if (url.size() > 2000) return "must be at most 2000 characters";
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) return "must start with http:// or https://";
  for (char ch : url)
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) return "must not contain spaces or control characters";
  std::string origin, path;
  if (!split_url(url, origin, path)) return "must name a host";
  if (origin.find('@') != std::string::npos) return "must not carry user info";
  if (url.find('#') != std::string::npos) return "must not have a fragment";
  return "";
}

SendResult send_notification(const std::string& url, const std::string& secret, const std::string& id, const std::string& type,
                             const std::string& body, std::int64_t now, std::int64_t timeout_ms) {
  SendResult out;
  std::string origin, path;
  if (!split_url(url, origin, path)) {
    out.error = "bad receiver URL";
    return out;
  }
  httplib::Client client(origin);
  if (!client.is_valid()) {
    out.error = "unsupported receiver URL";
    return out;
  }
  const time_t secs = static_cast<time_t>(timeout_ms / 1000);
  const time_t usecs = static_cast<time_t>((timeout_ms % 1000) * 1000);
  client.set_connection_timeout(secs, usecs);
  client.set_read_timeout(secs, usecs);
  client.set_write_timeout(secs, usecs);
  client.enable_server_certificate_verification(true);
  client.set_follow_location(false);  // a redirect is a failure: the signature is for this URL's owner
  httplib::Headers headers = {{"X-Loyalty-Timestamp", std::to_string(now)},
                              {"X-Loyalty-Signature", outgoing_signature(secret, now, body)},
                              {"X-Loyalty-Notification-Id", id},
                              {"X-Loyalty-Notification-Type", type},
                              {"User-Agent", "loyalty-server"}};
  auto r = client.Post(path, headers, body, "application/json");
  if (!r) {
    out.error = "no answer: " + httplib::to_string(r.error());
    return out;
  }
  out.status = r->status;
  out.ok = r->status >= 200 && r->status < 300;
  if (!out.ok) out.error = "HTTP " + std::to_string(r->status);
  return out;
}

}  // namespace loyalty::server
