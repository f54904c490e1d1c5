// What every service that writes a customer's ledger shares: the one
// transaction recipe (in_customer_tx), applying a core event under the
// customer's lock, and idempotency keys' stored answers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loyalty/engine.h"
#include "loyalty/profile_patch.h"
#include "service/counters.h"
#include "service/outcome.h"
#include "storage/store.h"

namespace loyalty::server {

// Inside in_customer_tx: the transaction's connection and the program as of the lock.
struct CustomerTx {
  Conn& conn;
  const ProgramRecord program;
  std::vector<std::string> locked;  // the customers this transaction has locked: apply() locks each once
};

// One event applied under the lock.
struct Applied {
  bool duplicate = false;
  int written = 0;
  std::string coupon;
  std::string referrer_code;                 // the core's referral follow-up (see loyalty::Applied)
  loyalty::Event referrer_event;
  std::vector<loyalty::LedgerEntry> entries;  // this event's new entries
  loyalty::CustomerProfile profile;          // after the event
  CustomerLedger before;                     // the stored ledger before the event
  loyalty::LedgerView ledger() const;        // before, then the new entries
};

class CustomerWrites {
 public:
  CustomerWrites(Store& store, Counters& counters) : store_(store), counters_(counters) {}

  // The one write recipe. A write transaction on a pooled connection; the
  // customer's row created if new and locked (PostgreSQL: FOR UPDATE; SQLite:
  // the writer lock), so every write to one customer is serialised, on every
  // server; then the program re-read on that connection (`validated` if the
  // shop has none). fn(CustomerTx&) runs inside; its return commits, a throw
  // rolls back. Other customers fn touches are locked after this one.
  template <class Fn>
  auto in_customer_tx(const ShopRecord& shop, const std::string& customer, const ProgramRecord& validated, std::int64_t now, Fn fn)
      -> decltype(fn(std::declval<CustomerTx&>())) {
    auto c = store_.conn();
    return in_write_tx(*c, [&] {
      lock(*c, shop, customer, now);
      CustomerTx tx{*c, store_.shops().program(*c, shop.id).value_or(validated), {customer}};
      return fn(tx);
    });
  }

  // Inside in_customer_tx: locks `customer` (already locked: a no-op), merges
  // `profile` into the stored one (422 naming /profile/... for a value a
  // profile cannot hold), applies the event with the core and writes
  // its entries and the customer's next timer check.
  Applied apply(CustomerTx& tx, const ShopRecord& shop, const std::string& customer, const loyalty::Event& e,
                const std::optional<loyalty::ProfilePatch>& profile, std::int64_t now);

  // The stored answer to an idempotency key (on the transaction's connection,
  // or on its own outside one); 422 when the key answered another request.
  std::optional<Outcome> stored_answer(Conn& c, const ShopRecord& shop, const std::string& customer, const std::string& key,
                                       const std::string& fingerprint);
  std::optional<Outcome> stored_answer(const ShopRecord& shop, const std::string& customer, const std::string& key,
                                       const std::string& fingerprint);
  void save_answer(Conn& c, const ShopRecord& shop, const std::string& customer, const std::string& key, const Outcome& answer,
                   const std::string& fingerprint, std::int64_t now);

 private:
  void lock(Conn& c, const ShopRecord& shop, const std::string& customer, std::int64_t now);
  void store_notices(Conn& c, const loyalty::Program& p, const std::string& shop, const std::string& customer, const Applied& a,
                     std::int64_t next_due, std::int64_t now);

  Store& store_;
  Counters& counters_;
};

// The shop's current program (cached for a second); 409 when it has none yet.
ProgramRecord require_program(Store& store, const std::string& shop);
// A core event from JSON the server built; 422 with the core's errors.
loyalty::Event event_or_throw(const nlohmann::json& j);
// What an idempotency key was first used with: the route and the parsed request,
// canonical (object keys sorted), so the same request in other whitespace matches.
std::string request_hash(const char* route, const nlohmann::json& req);
// 400 for a key over 200 characters or with control characters.
void check_key(const std::string& key);
// For events without a key of their own: unique per call.
std::string unique_suffix();
// The per-minute limits, counted in the ledger under the customer's lock: exact
// across every server sharing the store (the in-process counters before the
// transaction only turn away a flood of attempts early, per process).
template <class Counts>
bool over_limit(const CustomerLedger& before, int per_minute, std::int64_t now, Counts counts) {
  if (per_minute <= 0) return false;
  int recent = 0;
  for (const loyalty::LedgerEntry* e : before.view()) recent += e->at > now - 60 && counts(*e);
  return recent >= per_minute;
}

}  // namespace loyalty::server
