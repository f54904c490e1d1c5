#include "storage/note_repo.h"

namespace loyalty::server {

void NoteRepo::add(Conn& c, const std::string& shop, const std::string& customer, const std::string& key,
                   const std::string& body, std::int64_t now, std::int64_t shown_until) {
  c.exec("INSERT INTO shopper_notes (shop, customer, key, body, created_at, shown_until) VALUES (?, ?, ?, ?, ?, ?) "
         "ON CONFLICT (shop, customer, key) DO NOTHING",
         {shop, customer, key, body, now, shown_until});
}

std::vector<ShopperNote> NoteRepo::unseen(Conn& c, const std::string& shop, const std::string& customer, std::int64_t now,
                                          int limit) {
  Rows rows = c.query("SELECT id, body FROM shopper_notes WHERE shop = ? AND customer = ? AND seen_at = 0 "
                      "AND (shown_until = 0 OR shown_until > ?) ORDER BY id DESC LIMIT ?",
                      {shop, customer, now, static_cast<std::int64_t>(limit)});
  std::vector<ShopperNote> out;
  for (const Row& r : rows) out.push_back({r.integer(0), r[1]});
  return out;
}

std::int64_t NoteRepo::dismiss(Conn& c, const std::string& shop, const std::string& customer,
                               const std::vector<std::int64_t>& ids, std::int64_t now) {
  if (ids.empty()) return 0;
  std::string in;
  Params params;
  params.reserve(ids.size() + 3);
  params.emplace_back(now);
  params.emplace_back(shop);
  params.emplace_back(customer);
  for (std::int64_t id : ids) {
    in += in.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  return c.exec("UPDATE shopper_notes SET seen_at = ? WHERE shop = ? AND customer = ? AND seen_at = 0 AND id IN (" + in + ")",
                params);
}

}  // namespace loyalty::server
