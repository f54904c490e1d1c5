// Private: tier qualification as a series of deltas in time order with running
// sums (any window sum in O(log n)), and the tier held at an instant.
#pragma once
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "loyalty/state.h"

namespace loyalty {

class TierSeries {
 public:
  TierSeries(const Program& p, const LedgerView& ledger);
  // One more entry (the replay of a growing ledger keeps one series).
  void add(const LedgerEntry& e);
  // Sum of deltas in the window ending at t (inclusive).
  std::int64_t value_at(Seconds t) const;

  // The highest value_at() taken at a rise (a positive delta) within
  // [from, to], INT64_MIN for none: a range maximum in O(log n), kept only
  // when the program retains tiers (the only reader).
  std::int64_t max_at_rises(Seconds from, Seconds to) const;

 private:
  bool add_unsorted(const LedgerEntry& e);
  std::int64_t sum_through(Seconds t) const;
  void set_rise(size_t i);             // the value at point i (or none) into the range-maximum tree
  void rebuild_rises();

  bool keep_rises_ = false;
  size_t cap_ = 0;                     // leaves in rises_ (a power of two)
  std::vector<std::int64_t> rises_;    // segment tree: [cap_, 2 cap_) the points, above them maxima

  const Program* p_;
  std::vector<std::pair<Seconds, std::int64_t>> points_;
  std::vector<std::int64_t> prefix_;
};

// The tier held at t, retention included ("" for none).
std::string held_tier(const Program& p, const TierSeries& series, Seconds t);

}  // namespace loyalty
