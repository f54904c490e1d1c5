// Storage: every query the server makes, written once over the Conn
// interface (SQLite or PostgreSQL). Write operations take the Conn of an
// open transaction (see in_write_tx); the service decides the boundaries.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/identity.h"
#include "loyalty/ledger.h"
#include "loyalty/program.h"
#include "storage/db.h"

namespace loyalty::server {

struct ShopRecord {
  std::string id;
  ShopSecrets secrets;
  std::string api_key_hash;
  std::vector<std::string> origins;
  std::uint64_t code_seed = 0;
};

struct ProgramRecord {
  std::int64_t version = 0;
  std::string body;      // the stored JSON document, as served
  std::string etag;
  std::shared_ptr<const loyalty::Program> program;
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
  void upsert_shop(const ShopRecord& s);
  void rotate_secret(const std::string& shop, const std::string& secret, std::int64_t previous_until);
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
  // Profile and whole ledger in order; seqs (optional) gets each entry's seq.
  loyalty::Customer load_customer(Conn& c, const std::string& shop, const std::string& id,
                                  std::vector<std::int64_t>* seqs = nullptr);
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
  std::optional<std::pair<int, std::string>> idempotent(Conn& c, const std::string& shop, const std::string& customer,
                                                        const std::string& key);
  void save_idempotent(Conn& c, const std::string& shop, const std::string& customer, const std::string& key, int status,
                       const std::string& response, std::int64_t now);
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
  struct CachedShop { std::int64_t at_ms; std::optional<ShopRecord> shop; };
  struct CachedProgram { std::int64_t at_ms; std::optional<ProgramRecord> program; };
  std::map<std::string, CachedShop> shops_;
  std::map<std::string, CachedProgram> programs_;
  std::map<std::pair<std::string, std::int64_t>, ProgramRecord> versions_;
  ProgramRecord record_for(const std::string& shop, std::int64_t version, const std::string& body);
};

std::int64_t now_ms();

}  // namespace loyalty::server
