// A customer as the shopper sees themself and the merchant sees them: the
// state call (/me and the merchant's customer view) and the ledger's pages.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/store.h"

namespace loyalty::server {

class CustomerView {
 public:
  explicit CustomerView(Store& store) : store_(store) {}
  // {"customer_id", "state", "referral", "rewards", "activity" (newest 20), "next_cursor",
  // "notes" (unseen shopper notes, shopper_notes.h)}.
  nlohmann::json state(const ShopRecord& shop, const std::string& customer, std::int64_t now) const;
  // One page of the ledger, newest first, before `cursor` (a seq; "" from the newest); limit 1 to 200.
  nlohmann::json activity(const ShopRecord& shop, const std::string& customer, const std::string& cursor, int limit) const;

 private:
  Store& store_;
};

}  // namespace loyalty::server
