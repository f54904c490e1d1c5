// The shopper's service (a signed shopper, or a visitor of the shop's pages):
// the program, the state call, redemptions, self-claimed actions, referral
// visits. No HTTP, no SQL.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "service/customer_view.h"
#include "service/customer_writes.h"
#include "service/rate_limit.h"
#include "service/shopper_notes.h"

namespace loyalty::server {

struct ShopperLimits {
  int redemptions_per_minute = 20;  // per shop and customer; 0 = off
  int actions_per_minute = 10;
  int exposures_per_minute = 60;  // experiment beacons per shop and client address
};

class ShopperService {
 public:
  ShopperService(Store& store, CustomerWrites& writes, Counters& counters, ShopperLimits limits)
      : store_(store), view(store), writes_(writes), counters_(counters), limits_(limits),
        redeem_limit_(limits.redemptions_per_minute, 60000), action_limit_(limits.actions_per_minute, 60000) {}

 private:
  Store& store_;

 public:
  // The state call (/me) and the ledger's pages.
  const CustomerView view;
  // The shopper's notes: /me lists them (view), the shopper dismisses them.
  const ShopperNotes notes{store_};
  // The current program as published (cached for a second).
  std::optional<ProgramRecord> program(const std::string& shop);
  // {"reward_id", "points"?} under a required Idempotency-Key.
  Outcome redeem(const ShopRecord& shop, const std::string& customer, const std::string& idempotency_key,
                 const std::string& body, std::int64_t now);
  // {"action"}: a self-claimed action, within the program's limits.
  Outcome claim_action(const ShopRecord& shop, const std::string& customer, const std::string& idempotency_key,
                       const std::string& body, std::int64_t now);
  // {"code"}: a visit through a customer's referral link (public).
  Outcome referral_visit(const ShopRecord& shop, const std::string& body, std::int64_t now);

 private:
  CustomerWrites& writes_;
  Counters& counters_;
  ShopperLimits limits_;
  RateLimiter redeem_limit_;
  RateLimiter action_limit_;
};

}  // namespace loyalty::server
