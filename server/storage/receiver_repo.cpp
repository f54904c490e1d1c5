#include "storage/receiver_repo.h"

namespace loyalty::server {

std::int64_t ReceiverRepo::add(Conn& c, const std::string& shop, const std::string& url, const std::string& secret,
                               std::int64_t now) {
  Rows r = c.query("INSERT INTO receivers (shop, url, secret, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                   {shop, url, secret, now});
  return r.at(0).integer(0);
}

std::vector<Receiver> ReceiverRepo::list(Conn& c, const std::string& shop) {
  std::vector<Receiver> out;
  for (const Row& r : c.query("SELECT id, url, secret, created_at FROM receivers WHERE shop = ? AND active = 1 ORDER BY id", {shop}))
    out.push_back({r.integer(0), r[1], r[2], r.integer(3)});
  return out;
}

bool ReceiverRepo::any(Conn& c, const std::string& shop) {
  return !c.query("SELECT 1 FROM receivers WHERE shop = ? AND active = 1 LIMIT 1", {shop}).empty();
}

bool ReceiverRepo::remove(Conn& c, const std::string& shop, std::int64_t id) {
  if (c.exec("UPDATE receivers SET active = 0 WHERE shop = ? AND id = ? AND active = 1", {shop, id}) == 0) return false;
  c.exec("DELETE FROM outbox_deliveries WHERE receiver = ? AND status = 'pending'", {id});
  return true;
}

}  // namespace loyalty::server
