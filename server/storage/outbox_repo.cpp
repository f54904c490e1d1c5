#include "storage/outbox_repo.h"

namespace loyalty::server {

namespace {
const char* kDeliveryColumns =
    "SELECT d.notification, d.receiver, d.shop, r.url, r.secret, o.type, o.customer, o.key, o.body, d.attempts, d.next_attempt_at, "
    "d.status, d.last_error FROM outbox_deliveries d JOIN outbox o ON o.id = d.notification JOIN receivers r ON r.id = d.receiver ";

std::vector<OutboxDelivery> deliveries_of(const Rows& rows) {
  std::vector<OutboxDelivery> out;
  for (const Row& r : rows)
    out.push_back({r.integer(0), r.integer(1), r[2], r[3], r[4], r[5], r[6], r[7], r[8], static_cast<int>(r.integer(9)),
                   r.integer(10), r[11], r[12]});
  return out;
}
}  // namespace

bool OutboxRepo::add(Conn& c, const std::string& shop, const std::string& customer, const std::string& key,
                     const std::string& type, const std::string& body, std::int64_t now, std::int64_t now_ms) {
  Rows r = c.query("INSERT INTO outbox (shop, customer, key, type, body, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (shop, customer, key) DO NOTHING RETURNING id",
                   {shop, customer, key, type, body, now});
  if (r.empty()) return false;
  c.exec("INSERT INTO outbox_deliveries (notification, receiver, shop, next_attempt_at) "
         "SELECT ?, id, shop, ? FROM receivers WHERE shop = ? AND active = 1",
         {r[0].integer(0), now_ms, shop});
  return true;
}

std::vector<OutboxDelivery> OutboxRepo::due(Conn& c, std::int64_t now_ms, int limit) {
  return deliveries_of(c.query(std::string(kDeliveryColumns) +
                                   "WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?",
                               {now_ms, static_cast<std::int64_t>(limit)}));
}

bool OutboxRepo::claim(Conn& c, const OutboxDelivery& d, std::int64_t until_ms) {
  return c.exec("UPDATE outbox_deliveries SET next_attempt_at = ? "
                "WHERE notification = ? AND receiver = ? AND status = 'pending' AND next_attempt_at = ?",
                {until_ms, d.notification, d.receiver, d.next_attempt_at}) == 1;
}

void OutboxRepo::delivered(Conn& c, const OutboxDelivery& d, std::int64_t now_ms) {
  c.exec("UPDATE outbox_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = '' "
         "WHERE notification = ? AND receiver = ?",
         {now_ms, d.notification, d.receiver});
}

void OutboxRepo::failed(Conn& c, const OutboxDelivery& d, int attempts, std::int64_t next_ms, const std::string& error, bool dead) {
  c.exec("UPDATE outbox_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? "
         "WHERE notification = ? AND receiver = ? AND status = 'pending'",
         {std::string(dead ? "dead" : "pending"), static_cast<std::int64_t>(attempts), next_ms, error, d.notification, d.receiver});
}

std::vector<OutboxDelivery> OutboxRepo::dead(Conn& c, const std::string& shop, int limit) {
  return deliveries_of(c.query(std::string(kDeliveryColumns) +
                                   "WHERE d.shop = ? AND d.status = 'dead' ORDER BY d.notification DESC, d.receiver LIMIT ?",
                               {shop, static_cast<std::int64_t>(limit)}));
}

bool OutboxRepo::replay(Conn& c, const std::string& shop, std::int64_t notification, std::int64_t receiver, std::int64_t now_ms) {
  return c.exec("UPDATE outbox_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = '' "
                "WHERE shop = ? AND notification = ? AND receiver = ? AND status = 'dead'",
                {now_ms, shop, notification, receiver}) == 1;
}

std::vector<OutboxNotification> OutboxRepo::of_customer(Conn& c, const std::string& shop, const std::string& customer, int limit) {
  std::vector<OutboxNotification> out;
  for (const Row& r : c.query("SELECT id, customer, key, type, body FROM outbox WHERE shop = ? AND customer = ? ORDER BY id LIMIT ?",
                              {shop, customer, static_cast<std::int64_t>(limit)}))
    out.push_back({r.integer(0), r[1], r[2], r[3], r[4]});
  return out;
}

std::vector<OutboxDelivery> OutboxRepo::deliveries(Conn& c, const std::string& shop, std::int64_t notification) {
  return deliveries_of(
      c.query(std::string(kDeliveryColumns) + "WHERE d.shop = ? AND d.notification = ? ORDER BY d.receiver", {shop, notification}));
}

}  // namespace loyalty::server
