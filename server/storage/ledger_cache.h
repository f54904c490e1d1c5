// CustomerRepo::read behind a per-process cache of parsed ledgers: customers
// with long histories keep their parsed rows (the head) and a read fetches and
// parses only the rows after it. Safe because the ledger is append-only and a
// customer's rows are written under its lock in seq order: the rows up to a
// seq never change, on any server. Inside a write transaction what it read is
// cached only once it commits (its own rows could still roll back, and a
// rolled-back seq may be reused).
#pragma once
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "storage/customer_repo.h"

namespace loyalty::server {

struct LedgerHead {
  std::vector<loyalty::LedgerEntry> entries;
  std::vector<std::int64_t> seqs;
};

// One customer's ledger for a read: a shared, parsed prefix kept between calls
// (head, customers with long histories only) and the rows after it (tail).
struct CustomerLedger {
  loyalty::CustomerProfile profile;
  std::string notes;  // the customer row's shopper notes document, read with the rows (never cached)
  std::shared_ptr<const LedgerHead> head;  // null when not cached
  std::vector<loyalty::LedgerEntry> tail;   // rows after head's last seq (all rows without a head)
  std::vector<std::int64_t> tail_seqs;
  size_t size() const { return (head ? head->entries.size() : 0) + tail.size(); }
  const loyalty::LedgerEntry& entry(size_t i) const;
  std::int64_t seq(size_t i) const;
  loyalty::LedgerView view() const;  // seq order, no copies
};

class CachedLedgers {
 public:
  explicit CachedLedgers(CustomerRepo& repo) : repo_(repo) {}
  CustomerLedger read(Conn& c, const std::string& shop, const std::string& id);

 private:
  void keep(const std::string& shop, const std::string& id, std::shared_ptr<const LedgerHead> head);

  CustomerRepo& repo_;
  std::mutex mu_;
  using Key = std::pair<std::string, std::string>;  // shop, customer
  struct Kept {
    std::shared_ptr<const LedgerHead> head;
    std::list<Key>::iterator lru;
  };
  std::map<Key, Kept> kept_;
  std::list<Key> lru_;  // most recent first
  size_t kept_entries_ = 0;
};

}  // namespace loyalty::server
