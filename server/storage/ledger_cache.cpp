#include "storage/ledger_cache.h"

#include <iterator>

namespace loyalty::server {

namespace {
// Customers with fewer entries are parsed on every call (a few hundred microseconds at most).
constexpr size_t kCacheFrom = 64;
// A cached head is replaced by head + tail once this many rows have been added after it.
constexpr size_t kRefreshAfter = 32;
// Entries kept across all cached customers (~1 KB each), least recently read evicted first.
constexpr size_t kMaxEntries = 200000;
}  // namespace

const loyalty::LedgerEntry& CustomerLedger::entry(size_t i) const {
  const size_t h = head ? head->entries.size() : 0;
  return i < h ? head->entries[i] : tail[i - h];
}

std::int64_t CustomerLedger::seq(size_t i) const {
  const size_t h = head ? head->entries.size() : 0;
  return i < h ? head->seqs[i] : tail_seqs[i - h];
}

loyalty::LedgerView CustomerLedger::view() const {
  loyalty::LedgerView v;
  v.reserve(size());
  if (head)
    for (const auto& e : head->entries) v.push_back(&e);
  for (const auto& e : tail) v.push_back(&e);
  return v;
}

CustomerLedger CachedLedgers::read(Conn& c, const std::string& shop, const std::string& id) {
  CustomerLedger out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = kept_.find({shop, id});
    if (it != kept_.end()) {
      out.head = it->second.head;
      lru_.splice(lru_.begin(), lru_, it->second.lru);
    }
  }
  CustomerRows rows = repo_.read(c, shop, id, out.head ? out.head->seqs.back() : std::int64_t{0});
  out.profile = std::move(rows.profile);
  out.notes = std::move(rows.notes);
  out.tail = std::move(rows.entries);
  out.tail_seqs = std::move(rows.seqs);
  if (out.size() >= kCacheFrom && out.size() <= kMaxEntries && (!out.head || out.tail.size() >= kRefreshAfter)) {
    auto head = std::make_shared<LedgerHead>();
    head->entries.reserve(out.size());
    head->seqs.reserve(out.size());
    if (out.head) {
      head->entries = out.head->entries;  // shared with other readers: copied, never changed
      head->seqs = out.head->seqs;
    }
    std::move(out.tail.begin(), out.tail.end(), std::back_inserter(head->entries));
    head->seqs.insert(head->seqs.end(), out.tail_seqs.begin(), out.tail_seqs.end());
    out.tail.clear();
    out.tail_seqs.clear();
    out.head = head;
    c.after_commit([this, shop, id, head] { keep(shop, id, head); });
  }
  return out;
}

void CachedLedgers::keep(const std::string& shop, const std::string& id, std::shared_ptr<const LedgerHead> head) {
  std::lock_guard<std::mutex> lock(mu_);
  auto key = std::make_pair(shop, id);
  auto it = kept_.find(key);
  if (it != kept_.end()) {
    // Two readers raced: keep the longer prefix (both are true prefixes of the ledger).
    if (it->second.head->seqs.back() >= head->seqs.back()) return;
    kept_entries_ -= it->second.head->entries.size();
    it->second.head = std::move(head);
    kept_entries_ += it->second.head->entries.size();
    lru_.splice(lru_.begin(), lru_, it->second.lru);
  } else {
    lru_.push_front(key);
    kept_entries_ += head->entries.size();
    kept_.emplace(key, Kept{std::move(head), lru_.begin()});
  }
  while (kept_entries_ > kMaxEntries && !lru_.empty()) {
    auto last = kept_.find(lru_.back());
    kept_entries_ -= last->second.head->entries.size();
    kept_.erase(last);
    lru_.pop_back();
  }
}

}  // namespace loyalty::server
