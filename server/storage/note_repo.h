// Shopper notes: a customer's notices as the widget shows them, until the
// shopper dismisses them (006_shopper_notes.sql).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "storage/db.h"

namespace loyalty::server {

struct ShopperNote {
  std::int64_t id = 0;
  std::string body;  // the core's notification JSON
};

class NoteRepo {
 public:
  // Inside the ledger write's transaction; a key the customer already has writes nothing.
  void add(Conn& c, const std::string& shop, const std::string& customer, const std::string& key, const std::string& body,
           std::int64_t now, std::int64_t shown_until);
  // Not yet dismissed and not moot at `now`, newest first, at most `limit`.
  std::vector<ShopperNote> unseen(Conn& c, const std::string& shop, const std::string& customer, std::int64_t now, int limit);
  // Marks the customer's notes among `ids` seen; returns how many were still unseen.
  std::int64_t dismiss(Conn& c, const std::string& shop, const std::string& customer, const std::vector<std::int64_t>& ids,
                       std::int64_t now);
};

}  // namespace loyalty::server
