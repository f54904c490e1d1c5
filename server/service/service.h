// The rules side of the server: calls the core, decides transaction
// boundaries, maps failures to statuses (ApiError). No HTTP here.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "loyalty/engine.h"
#include "service/merchant_service.h"
#include "service/outcome.h"
#include "service/rate_limit.h"
#include "storage/store.h"

namespace loyalty::server {

enum class WebhookSource { Shopify, WooCommerce, Generic };
const char* source_name(WebhookSource s);


struct ServiceOptions {
  int redemptions_per_minute = 20;
  int actions_per_minute = 10;
};

struct Counters {
  std::atomic<std::int64_t> entries_written{0};
  std::atomic<std::int64_t> webhooks_applied{0};
  std::atomic<std::int64_t> webhooks_duplicate{0};
  std::atomic<std::int64_t> webhooks_ignored{0};
  std::atomic<std::int64_t> redemptions{0};
  std::atomic<std::int64_t> tick_customers{0};
};

class Service {
 public:
  Service(Store& store, ServiceOptions o = {}) : store_(store), opts_(o),
      redeem_limit_(o.redemptions_per_minute, 60000), action_limit_(o.actions_per_minute, 60000) {}

  Store& store() { return store_; }
  Counters& counters() { return counters_; }
  MerchantService& merchant() { return merchant_; }

  // The shop's records as the handlers need them (service/shop_records.cpp).
  std::optional<ShopRecord> shop(const std::string& id);
  std::optional<ProgramRecord> program(const std::string& shop);        // current, cached for a second
  std::string store_kind();
  // The store's kind once it answered a query (throws when it does not).
  std::string check_store();

  // The body's signature has been verified by the caller.
  Outcome webhook(const ShopRecord& shop, WebhookSource src, const std::string& topic, const std::string& delivery_id,
                  const std::string& body, std::int64_t now);

  // Shopper API.
  nlohmann::json me(const ShopRecord& shop, const std::string& customer, std::int64_t now);
  nlohmann::json activity(const ShopRecord& shop, const std::string& customer, const std::string& cursor, int limit);
  Outcome redeem(const ShopRecord& shop, const std::string& customer, const std::string& idempotency_key,
                 const std::string& body, std::int64_t now);
  Outcome claim_action(const ShopRecord& shop, const std::string& customer, const std::string& idempotency_key,
                       const std::string& body, std::int64_t now);
  Outcome referral_visit(const ShopRecord& shop, const std::string& body, std::int64_t now);

  // Merchant API.
  Outcome adjust(const ShopRecord& shop, const std::string& customer, const std::string& idempotency_key,
                 const std::string& body, std::int64_t now);

  // Time-driven work for customers whose next check is due; returns counts.
  nlohmann::json tick(const std::string& shop, std::int64_t now, int limit = 1000);

  std::string referral_code(const ShopRecord& shop, const std::string& customer) const;

 private:
  // The stored answer to an idempotency key; 422 when the key answered another request.
  std::optional<Outcome> stored_answer(Conn& c, const ShopRecord& shop, const std::string& customer, const std::string& key,
                                       const std::string& fingerprint);
  std::optional<Outcome> stored_answer(const ShopRecord& shop, const std::string& customer, const std::string& key,
                                       const std::string& fingerprint);
  struct Applied {
    bool duplicate = false;
    int written = 0;
    std::string coupon;
    std::vector<loyalty::LedgerEntry> entries;  // this event's new entries
    loyalty::CustomerProfile profile;          // after the event
    CustomerLedger before;                     // the stored ledger before the event
    loyalty::LedgerView ledger() const;        // before, then the new entries
  };
  // Inside an open write transaction: lock the customer, apply, write.
  Applied apply_locked(Conn& c, const ShopRecord& shop, const ProgramRecord& prog, const std::string& customer,
                       const loyalty::Event& e, const std::optional<nlohmann::json>& profile, std::int64_t now);
  // Inside the same write transaction as the referee's order.
  void reward_referrer_of_first_order(Conn& c, const ShopRecord& shop, const ProgramRecord& prog, const Applied& referee,
                                      std::int64_t now);
  ProgramRecord require_program(const std::string& shop);

  Store& store_;
  MerchantService merchant_{store_};
  ServiceOptions opts_;
  RateLimiter redeem_limit_;
  RateLimiter action_limit_;
  Counters counters_;
};

// When the customer next needs a look from the timer (maturing, expiry,
// birthday), at most a day away.
std::int64_t next_check_at(const loyalty::Program& p, const loyalty::Customer& c, std::int64_t now);

}  // namespace loyalty::server
