// Tier qualification: a window sum over the ledger, plus retention.
#include <algorithm>
#include <utility>

#include "loyalty/state.h"

namespace loyalty {

namespace {

// The qualifying deltas in time order with running sums: any window sum in O(log n).
class TierSeries {
 public:
  TierSeries(const Program& p, const LedgerView& ledger) : p_(p) {
    const bool by_points = p.tiers.basis == TierBasis::PointsEarned;
    for (const LedgerEntry* e : ledger) {
      const std::int64_t d = by_points ? e->tier_points : e->spend;
      if (d != 0) points_.push_back({e->happened_at(), d});  // a late order counts when it was placed
    }
    std::sort(points_.begin(), points_.end());
    prefix_.resize(points_.size() + 1, 0);
    for (size_t i = 0; i < points_.size(); ++i) prefix_[i + 1] = saturating_add(prefix_[i], points_[i].second);
  }

  // Sum of deltas in the window ending at t (inclusive).
  std::int64_t value_at(Seconds t) const {
    const std::int64_t upto = sum_through(t);
    switch (p_.tiers.window) {
      case TierWindow::Lifetime:
        return upto;
      case TierWindow::CalendarYear: {
        const Seconds start = local_day_start(CivilDate{local_date(t, p_.zone).year, 1, 1}, p_.zone);
        return upto - sum_through(start - 1);
      }
      case TierWindow::Rolling12Months:
        // An entry made exactly one year ago has just left the window.
        return upto - sum_through(add_local_years(t, -1, p_.zone));
    }
    return upto;
  }

  // Times at which the value rises, within [from, to].
  template <class Fn>
  void each_rise(Seconds from, Seconds to, Fn fn) const {
    auto it = std::lower_bound(points_.begin(), points_.end(), std::make_pair(from, INT64_MIN));
    for (; it != points_.end() && it->first <= to; ++it)
      if (it->second > 0) fn(it->first);
  }

 private:
  std::int64_t sum_through(Seconds t) const {
    auto it = std::upper_bound(points_.begin(), points_.end(), std::make_pair(t, INT64_MAX));
    return prefix_[static_cast<size_t>(it - points_.begin())];
  }

  const Program& p_;
  std::vector<std::pair<Seconds, std::int64_t>> points_;
  std::vector<std::int64_t> prefix_;
};

const Tier* tier_for_value(const Program& p, std::int64_t value) {
  const Tier* best = nullptr;
  for (const auto& t : p.tiers.tiers)
    if (value >= t.threshold) best = &t;
  return best;
}

std::string held_tier(const Program& p, const TierSeries& series, Seconds t) {
  if (p.tiers.tiers.empty()) return "";
  // The window value only rises at an entry, so its highest point over the
  // retention range [from, t] is at `from`, at `t`, or at a rise inside it.
  std::int64_t best = series.value_at(t);
  if (p.tiers.retention_days > 0) {
    const Seconds from = t - p.tiers.retention_days * kDay;
    best = std::max(best, series.value_at(from));
    series.each_rise(from, t, [&](Seconds at) { best = std::max(best, series.value_at(at)); });
  }
  const Tier* tier = tier_for_value(p, best);
  return tier ? tier->id : "";
}

}  // namespace

std::int64_t tier_value_at(const Program& p, const LedgerView& ledger, Seconds t) {
  return TierSeries(p, ledger).value_at(t);
}

std::string tier_at(const Program& p, const LedgerView& ledger, Seconds t) {
  if (p.tiers.tiers.empty()) return "";
  return held_tier(p, TierSeries(p, ledger), t);
}

TierProgress tier_progress(const Program& p, const LedgerView& ledger, Seconds t) {
  TierProgress out;
  if (p.tiers.tiers.empty()) return out;
  const TierSeries series(p, ledger);
  out.value = series.value_at(t);
  out.current = held_tier(p, series, t);
  // Next: the first tier above both the held tier and the current value.
  bool past_current = out.current.empty();
  for (const auto& tier : p.tiers.tiers) {
    if (!past_current) {
      past_current = tier.id == out.current;
      continue;
    }
    if (tier.threshold > out.value) {
      out.next = tier.id;
      out.next_threshold = tier.threshold;
      out.remaining = tier.threshold - out.value;
      break;
    }
  }
  return out;
}

}  // namespace loyalty
