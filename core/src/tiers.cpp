// Tier qualification: a window sum over the ledger, plus retention.
#include <algorithm>
#include <utility>

#include "tier_series.h"

namespace loyalty {

TierSeries::TierSeries(const Program& p, const LedgerView& ledger) : p_(&p) {
  for (const LedgerEntry* e : ledger) add_unsorted(*e);
  std::sort(points_.begin(), points_.end());
  prefix_.resize(points_.size() + 1, 0);
  for (size_t i = 0; i < points_.size(); ++i) prefix_[i + 1] = saturating_add(prefix_[i], points_[i].second);
  keep_rises_ = p.tiers.retention_days > 0 && !p.tiers.tiers.empty();
  rebuild_rises();
}

void TierSeries::rebuild_rises() {
  if (!keep_rises_) return;
  cap_ = 1;
  while (cap_ < points_.size()) cap_ *= 2;
  rises_.assign(2 * cap_, INT64_MIN);
  for (size_t i = 0; i < points_.size(); ++i) set_rise(i);
}

void TierSeries::set_rise(size_t i) {
  size_t k = cap_ + i;
  rises_[k] = points_[i].second > 0 ? value_at(points_[i].first) : INT64_MIN;
  for (k /= 2; k >= 1; k /= 2) rises_[k] = std::max(rises_[2 * k], rises_[2 * k + 1]);
}

std::int64_t TierSeries::max_at_rises(Seconds from, Seconds to) const {
  const size_t lo = static_cast<size_t>(std::lower_bound(points_.begin(), points_.end(), std::make_pair(from, INT64_MIN)) - points_.begin());
  const size_t hi = static_cast<size_t>(std::upper_bound(points_.begin(), points_.end(), std::make_pair(to, INT64_MAX)) - points_.begin());
  std::int64_t best = INT64_MIN;
  for (size_t l = lo + cap_, r = hi + cap_; l < r; l /= 2, r /= 2) {  // [lo, hi) bottom-up
    if (l & 1) best = std::max(best, rises_[l++]);
    if (r & 1) best = std::max(best, rises_[--r]);
  }
  return best;
}

bool TierSeries::add_unsorted(const LedgerEntry& e) {
  const std::int64_t d = p_->tiers.basis == TierBasis::PointsEarned ? e.tier_points.raw() : e.spend.raw();  // the basis's unit
  if (d == 0) return false;
  points_.push_back({e.happened_at(), d});  // a late order counts when it was placed
  return true;
}

void TierSeries::add(const LedgerEntry& e) {
  if (!add_unsorted(e)) return;
  // Usually the latest; a late entry moves into place and the sums after it are redone.
  size_t i = points_.size() - 1;
  for (; i > 0 && points_[i - 1] > points_[i]; --i) std::swap(points_[i - 1], points_[i]);
  const size_t moved_to = i;
  prefix_.resize(points_.size() + 1);
  for (; i < points_.size(); ++i) prefix_[i + 1] = saturating_add(prefix_[i], points_[i].second);
  if (!keep_rises_) return;
  if (moved_to + 1 < points_.size() || points_.size() > cap_) {
    rebuild_rises();  // placed before later points (or out of room): every value after it moved
    return;
  }
  // The newest point, and the ones at the same second (their value now includes it).
  for (size_t j = points_.size(); j-- > 0 && points_[j].first == points_.back().first;) set_rise(j);
}

std::int64_t TierSeries::value_at(Seconds t) const {
  const std::int64_t upto = sum_through(t);
  switch (p_->tiers.window) {
    case TierWindow::Lifetime:
      return upto;
    case TierWindow::CalendarYear: {
      const Seconds start = local_day_start(CivilDate{local_date(t, p_->zone).year, 1, 1}, p_->zone);
      return upto - sum_through(start - 1);
    }
    case TierWindow::Rolling12Months:
      // An entry made exactly one year ago has just left the window.
      return upto - sum_through(add_local_years(t, -1, p_->zone));
  }
  return upto;
}

std::int64_t TierSeries::sum_through(Seconds t) const {
  auto it = std::upper_bound(points_.begin(), points_.end(), std::make_pair(t, INT64_MAX));
  return prefix_[static_cast<size_t>(it - points_.begin())];
}

namespace {

const Tier* tier_for_value(const Program& p, std::int64_t value) {
  const Tier* best = nullptr;
  for (const auto& t : p.tiers.tiers)
    if (value >= t.threshold) best = &t;
  return best;
}

}  // namespace

std::string held_tier(const Program& p, const TierSeries& series, Seconds t) {
  if (p.tiers.tiers.empty()) return "";
  // The window value only rises at an entry, so its highest point over the
  // retention range [from, t] is at `from`, at `t`, or at a rise inside it.
  std::int64_t best = series.value_at(t);
  if (p.tiers.retention_days > 0) {
    const Seconds from = t - p.tiers.retention_days * kDay;
    best = std::max(best, series.value_at(from));
    best = std::max(best, series.max_at_rises(from, t));
  }
  const Tier* tier = tier_for_value(p, best);
  return tier ? tier->id : "";
}

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
