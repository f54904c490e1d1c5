#include "service/notification_service.h"

#include "auth/crypto.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "service/notification_sender.h"
#include "service/notification_worker.h"
#include "storage/ttl_cache.h"

namespace loyalty::server {

using nlohmann::json;

namespace {
std::int64_t id_in_path(const std::string& s, const char* what) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    throw ApiError(404, std::string("no such ") + what, "");
  return std::stoll(s);
}

json delivery_json(const OutboxDelivery& d) {
  return {{"notification", d.notification}, {"receiver", d.receiver}, {"url", d.url},
          {"id", notification_id(d.shop, d.customer, d.key)}, {"type", d.type}, {"customer_id", d.customer},
          {"status", d.status}, {"attempts", d.attempts}, {"last_error", d.last_error},
          {"body", stored_json(d.body, "outbox.body for " + d.shop + "/" + d.customer)}};
}
}  // namespace

Outcome NotificationService::add_receiver(const std::string& shop, const std::string& body, std::int64_t now) {
  const json j = read_json_object(body, "request", {"url", "secret"});
  if (!j.contains("url") || !j["url"].is_string()) throw ApiError(422, "is required", "/url");
  const std::string url = j["url"].get<std::string>();
  if (std::string why = receiver_url_problem(url); !why.empty()) throw ApiError(422, why, "/url");
  std::string secret = random_hex(32);
  if (j.contains("secret")) {
    if (!j["secret"].is_string() || j["secret"].get<std::string>().size() < 16 || j["secret"].get<std::string>().size() > 200)
      throw ApiError(422, "must be a string of 16 to 200 characters", "/secret");
    secret = j["secret"].get<std::string>();
  }
  auto c = store_.conn();
  const std::int64_t id = in_write_tx(*c, [&] { return store_.receivers().add(*c, shop, url, secret, now); });
  return {201, {{"id", id}, {"url", url}, {"secret", secret}}};
}

Outcome NotificationService::receivers(const std::string& shop) {
  auto c = store_.conn();
  json list = json::array();
  for (const Receiver& r : store_.receivers().list(*c, shop)) list.push_back({{"id", r.id}, {"url", r.url}, {"created_at", r.created_at}});
  return {200, {{"receivers", list}}};
}

Outcome NotificationService::remove_receiver(const std::string& shop, const std::string& id) {
  const std::int64_t n = id_in_path(id, "receiver");
  auto c = store_.conn();
  if (!in_write_tx(*c, [&] { return store_.receivers().remove(*c, shop, n); })) throw ApiError(404, "no such receiver", "");
  return {200, {{"removed", n}}};
}

Outcome NotificationService::of_customer(const std::string& shop, const std::string& customer) {
  auto c = store_.conn();
  json list = json::array();
  for (const OutboxNotification& n : store_.outbox().of_customer(*c, shop, customer, 500)) {
    json deliveries = json::array();
    for (const OutboxDelivery& d : store_.outbox().deliveries(*c, shop, n.id))
      deliveries.push_back({{"receiver", d.receiver}, {"status", d.status}, {"attempts", d.attempts}, {"last_error", d.last_error}});
    list.push_back({{"notification", n.id}, {"key", n.key}, {"type", n.type},
                    {"body", stored_json(n.body, "outbox.body for " + shop + "/" + customer)}, {"deliveries", deliveries}});
  }
  return {200, {{"notifications", list}}};
}

Outcome NotificationService::dead(const std::string& shop) {
  auto c = store_.conn();
  json list = json::array();
  for (const OutboxDelivery& d : store_.outbox().dead(*c, shop, 500)) list.push_back(delivery_json(d));
  return {200, {{"dead", list}}};
}

Outcome NotificationService::replay(const std::string& shop, const std::string& notification, const std::string& receiver) {
  const std::int64_t n = id_in_path(notification, "notification");
  const std::int64_t r = id_in_path(receiver, "receiver");
  auto c = store_.conn();
  if (!in_write_tx(*c, [&] { return store_.outbox().replay(*c, shop, n, r, now_ms()); }))
    throw ApiError(404, "no such dead delivery", "");
  return {200, {{"replayed", true}, {"notification", n}, {"receiver", r}}};
}

}  // namespace loyalty::server
