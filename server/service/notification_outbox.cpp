#include "service/notification_outbox.h"

#include "loyalty/json_io.h"
#include "service/notification_worker.h"
#include "storage/ttl_cache.h"

namespace loyalty::server {

namespace {

void write_one(Store& store, Conn& c, const loyalty::Program& p, const std::string& shop, const std::string& customer,
               const loyalty::Notification& n, std::int64_t now) {
  loyalty::json body = loyalty::json::object();
  body["id"] = notification_id(shop, customer, n.key);
  body["shop"] = shop;
  body["customer_id"] = customer;
  const loyalty::json data = loyalty::to_json(n, p);
  for (auto it = data.begin(); it != data.end(); ++it) body[it.key()] = it.value();
  store.outbox().add(c, shop, customer, n.key, loyalty::notification_kind_name(n.kind), loyalty::dump(body), now, now_ms());
}

}  // namespace

void write_notifications(Store& store, Conn& c, const loyalty::Program& p, const std::string& shop, const std::string& customer,
                         const std::vector<loyalty::Notification>& list, std::int64_t now) {
  if (list.empty() || !store.receivers().any(c, shop)) return;
  for (const auto& n : list) write_one(store, c, p, shop, customer, n, now);
}

}  // namespace loyalty::server
