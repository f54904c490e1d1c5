// Storage: every query the server makes, written once over the Conn
// interface (SQLite or PostgreSQL). Write operations take the Conn of an
// open transaction (see in_write_tx); the service decides the boundaries.
#pragma once
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/identity.h"
#include "loyalty/ledger.h"
#include "loyalty/program.h"
#include "loyalty/state.h"
#include "storage/db.h"

namespace loyalty::server {

struct ShopRecord {
  std::string id;
  ShopSecrets secrets;  // the shop's one secret: every purpose without its own
  std::map<SecretPurpose, ShopSecrets> own_secrets;
  std::string api_key_hash;
  std::vector<std::string> origins;
  std::uint64_t code_seed = 0;
  std::string shopify_domain;  // "x.myshopify.com"; empty: no app-proxy request is accepted
  const ShopSecrets& secrets_for(SecretPurpose p) const;
};

struct ProgramRecord {
  std::int64_t version = 0;
  std::string body;      // the stored JSON document, as served
  std::string etag;
  std::shared_ptr<const loyalty::Program> program;
};

// One customer's ledger for a read: a shared, parsed prefix kept between calls
// (head, customers with long histories only) and the rows after it (tail).
struct LedgerHead {
  std::vector<loyalty::LedgerEntry> entries;
  std::vector<std::int64_t> seqs;
};
struct CustomerLedger {
  loyalty::CustomerProfile profile;
  std::shared_ptr<const LedgerHead> head;  // null when not cached
  std::vector<loyalty::LedgerEntry> tail;   // rows after head's last seq (all rows without a head)
  std::vector<std::int64_t> tail_seqs;
  size_t size() const { return (head ? head->entries.size() : 0) + tail.size(); }
  const loyalty::LedgerEntry& entry(size_t i) const;
  std::int64_t seq(size_t i) const;
  loyalty::LedgerView view() const;  // seq order, no copies
};

struct StoredEntry {
  std::int64_t seq = 0;
  std::string customer;
  loyalty::LedgerEntry entry;
};

class Store {
 public:
  explicit Store(const std::string& url, size_t max_connections = 64);
  Pool::Lease conn() { return pool_.get(); }
  std::string kind();
  void migrate();

  // Shops (cached for a second; a rotation is visible to other servers within it).
  std::optional<ShopRecord> shop(const std::string& id);
  // Creates or updates the shop; its own_secrets are set (other purposes keep theirs).
  void upsert_shop(const ShopRecord& s);
  // Without a purpose: the shop's one secret (what every purpose without its
  // own uses). With one: that purpose's own secret; the secret it used until
  // now stays valid until previous_until.
  void rotate_secret(const std::string& shop, const std::string& secret, std::int64_t previous_until);
  void rotate_secret(const std::string& shop, SecretPurpose purpose, const std::string& secret, std::int64_t previous_until);
  std::vector<std::string> shop_ids();

  // Programs: current (cached for a second) and by version (cached for good).
  std::optional<ProgramRecord> program(const std::string& shop);
  std::optional<ProgramRecord> program(Conn& c, const std::string& shop);  // fresh, inside a transaction
  // Stores a validated document as version = previous + 1; returns it.
  std::int64_t put_program(const std::string& shop, std::int64_t now,
                           const std::function<std::string(std::int64_t)>& render);

  // Customers. lock_customer creates the row when missing, then locks it for
  // this transaction (PostgreSQL: FOR UPDATE; SQLite: the writer lock).
  void lock_customer(Conn& c, const std::string& shop, const std::string& id, const std::string& referral_code,
                     std::int64_t now);
  bool customer_exists(Conn& c, const std::string& shop, const std::string& id);
  // Profile and ledger in seq order, in one statement (no transaction needed), through the ledger cache: the ledger is
  // append-only and a customer's rows are written under its lock in seq order, so
  // the rows up to a seq never change and a call parses only the rows after it.
  // Inside a write transaction the cache is filled only after it commits: its own rows may yet roll back.
  CustomerLedger read_customer(Conn& c, const std::string& shop, const std::string& id);
  void save_profile(Conn& c, const std::string& shop, const loyalty::CustomerProfile& p);
  int insert_entries(Conn& c, const std::string& shop, const std::string& customer,
                     const std::vector<loyalty::LedgerEntry>& entries);
  void set_next_check(Conn& c, const std::string& shop, const std::string& customer, std::int64_t at);
  std::vector<std::string> due_customers(Conn& c, const std::string& shop, std::int64_t now, int limit);
  std::optional<std::string> customer_by_code(Conn& c, const std::string& shop, const std::string& code);
  std::optional<std::string> customer_by_order(Conn& c, const std::string& shop, const std::string& order_id);

  // Deliveries and idempotency keys.
  bool delivery_seen(Conn& c, const std::string& shop, const std::string& source, const std::string& id);
  void record_delivery(Conn& c, const std::string& shop, const std::string& source, const std::string& id,
                       std::int64_t now, const std::string& outcome);
  // The stored answer to a key: status, body, and the hash of the request it answered.
  struct Idempotent {
    int status = 0;
    std::string response;
    std::string request_hash;
  };
  std::optional<Idempotent> idempotent(Conn& c, const std::string& shop, const std::string& customer, const std::string& key);
  void save_idempotent(Conn& c, const std::string& shop, const std::string& customer, const std::string& key,
                       const Idempotent& answer, std::int64_t now);
  void record_referral_visit(Conn& c, const std::string& shop, const std::string& code, std::int64_t now);

  // Reads.
  std::vector<StoredEntry> entries_page(Conn& c, const std::string& shop, const std::string& customer,
                                        std::int64_t before_seq, int limit);
  // Whole shop ledger in seq order, in pages (CSV export).
  std::vector<StoredEntry> shop_entries(Conn& c, const std::string& shop, std::int64_t after_seq, int limit);
  Rows analytics_query(Conn& c, const std::string& sql, const Params& p) { return c.query(sql, p); }

 private:
  Pool pool_;
  std::mutex mu_;
  static constexpr std::int64_t kCacheMs = 1000;  // shops and programs
  struct CachedShop { std::int64_t at_ms; std::optional<ShopRecord> shop; };
  struct CachedProgram { std::int64_t at_ms; std::optional<ProgramRecord> program; };
  std::map<std::string, CachedShop> shops_;
  std::map<std::string, CachedProgram> programs_;
  std::map<std::pair<std::string, std::int64_t>, ProgramRecord> versions_;
  struct CachedLedger {
    std::shared_ptr<const LedgerHead> head;
    std::list<std::pair<std::string, std::string>>::iterator lru;
  };
  std::map<std::pair<std::string, std::string>, CachedLedger> ledgers_;
  std::list<std::pair<std::string, std::string>> ledger_lru_;  // most recent first
  size_t ledger_cached_entries_ = 0;
  void cache_head(const std::string& shop, const std::string& id, std::shared_ptr<const LedgerHead> head);
  ProgramRecord record_for(const std::string& shop, std::int64_t version, const std::string& body);
};

std::int64_t now_ms();

}  // namespace loyalty::server
