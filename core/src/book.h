// Private: a customer's ledger kept ready for apply(). One replay moves
// forward with it and the indexes apply() asks (keys, event ids, the tier
// series, memberships) grow with it, so applying the n-th event costs about
// what the first did. apply() builds one for a single event; simulate() keeps
// one per customer for its whole history.
#pragma once
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "loyalty/engine.h"
#include "replay.h"
#include "tier_series.h"

namespace loyalty {

class Book {
 public:
  Book(const Program& p, const CustomerProfile& who, const LedgerView& stored);
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  // The event's new entries (as apply() documents), kept here on success.
  Result<Applied> apply(const Event& e, Seconds now);
  // Every entry kept, in booking order.
  LedgerView entries() const { return LedgerView(view_.begin(), view_.begin() + static_cast<std::ptrdiff_t>(kept_)); }

  // What the event handlers read (kept entries plus those being written).
  const LedgerView& view() const { return view_; }
  const LedgerEntry* find(const std::string& key) const;
  const TierSeries& series() const { return series_; }
  const LedgerView& memberships() const { return memberships_; }
  const std::string& recorded_tier() const { return recorded_tier_; }
  std::int64_t referrals() const { return referrals_; }
  // Whether a redemption used the win-back offer of the lapse named `key`.
  bool offer_used(const std::string& key) const { return offers_used_.count(key) > 0; }

 private:
  void add(const LedgerEntry& e);       // into the view and every index
  void write(const LedgerEntry& e);     // a copy into owned_, then add()
  void write_due();                     // what the replay found due and view_ lacks
  void keep(const Event& e, size_t from, Applied& applied);  // view_[from, end) is the event's
  void reset();                         // back to the kept entries (after a refusal)
  void referral_follow_up(Applied& applied, const OrderPaid& order, Seconds now) const;

  const Program& p_;
  const CustomerProfile& who_;
  std::deque<LedgerEntry> owned_;       // entries this book wrote (stable addresses)
  LedgerView view_;
  size_t kept_ = 0;                     // view_[0, kept_) is the ledger; the rest is being written
  bool dirty_ = false;                  // a refused event left entries being written: reset first
  std::unordered_map<std::string_view, const LedgerEntry*> keys_;
  std::unordered_set<std::string> events_;      // ids of the events kept (owned: events come and go)
  TierSeries series_;
  LedgerView memberships_;
  std::string recorded_tier_;
  Seconds recorded_at_ = -1;
  std::int64_t referrals_ = 0;
  std::int64_t orders_ = 0;             // and the last one's time: what a win-back lapse is measured from
  Seconds last_order_at_ = 0;
  std::unordered_set<std::string> offers_used_;  // refs of Redeem entries (win-back lapses)
  Seconds last_at_ = 0;
  bool any_ = false;                    // last_at_ is set
  std::unique_ptr<Replay> replay_;      // made at the first apply, moves forward with the book
  size_t due_seen_ = 0;                 // replay_'s due entries already in view_
};

}  // namespace loyalty
