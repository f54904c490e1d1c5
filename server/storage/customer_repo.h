// The customer aggregate's queries: the customer row (profile, referral code,
// next timer check) and its append-only ledger. Stateless: every call takes
// the connection (a write: the connection of an open transaction). A row that
// does not parse throws CorruptRow in every read. CachedLedgers wraps read().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/ledger.h"
#include "loyalty/state.h"
#include "storage/db.h"

namespace loyalty::server {

struct StoredEntry {
  std::int64_t seq = 0;
  std::string customer;
  loyalty::LedgerEntry entry;
};

// A stored ledger row's body (of shop/customer) as the core reads it; CorruptRow if it does not parse.
loyalty::LedgerEntry entry_from_text(const std::string& body, const std::string& shop, const std::string& customer);

// A customer's profile, notes and the ledger rows after a seq, in seq order.
struct CustomerRows {
  loyalty::CustomerProfile profile;  // only the id when the customer has no row yet
  std::string notes;                 // the row's shopper notes document (customers.notes), "" for none
  std::vector<loyalty::LedgerEntry> entries;
  std::vector<std::int64_t> seqs;
};

class CustomerRepo {
 public:
  // Creates the row when missing, then locks it for this transaction
  // (PostgreSQL: FOR UPDATE; SQLite: the writer lock already held).
  void lock(Conn& c, const std::string& shop, const std::string& id, const std::string& referral_code, std::int64_t now);
  bool exists(Conn& c, const std::string& shop, const std::string& id);
  // Profile, notes and the rows with seq > after_seq, in one statement (one
  // snapshot without a transaction, one round trip: /me reads nothing else).
  CustomerRows read(Conn& c, const std::string& shop, const std::string& id, std::int64_t after_seq);
  void save_profile(Conn& c, const std::string& shop, const loyalty::CustomerProfile& p);
  // Rows written (an entry whose key the customer already has is skipped).
  int insert_entries(Conn& c, const std::string& shop, const std::string& customer,
                     const std::vector<loyalty::LedgerEntry>& entries);
  // When the timer next looks at the customer (written only when it changed);
  // with `notes`, the row's notes document too.
  void set_next_check(Conn& c, const std::string& shop, const std::string& customer, std::int64_t at,
                      const std::optional<std::string>& notes = std::nullopt);
  std::vector<std::string> due(Conn& c, const std::string& shop, std::int64_t now, int limit);
  std::optional<std::string> by_referral_code(Conn& c, const std::string& shop, const std::string& code);
  // The customer an order earned for, if it earned.
  std::optional<std::string> by_order(Conn& c, const std::string& shop, const std::string& order_id);
  void record_referral_visit(Conn& c, const std::string& shop, const std::string& code, std::int64_t now);
  // Newest first, seq < before_seq.
  std::vector<StoredEntry> entries_page(Conn& c, const std::string& shop, const std::string& customer,
                                        std::int64_t before_seq, int limit);
  // The whole shop's ledger in seq order, in pages (CSV export).
  std::vector<StoredEntry> shop_entries(Conn& c, const std::string& shop, std::int64_t after_seq, int limit);
};

}  // namespace loyalty::server
