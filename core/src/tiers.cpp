// Tier qualification: a window sum over the ledger, plus retention.
#include <algorithm>

#include "loyalty/state.h"

namespace loyalty {

namespace {

// Start of the qualification window ending at t (entries after it count).
// Lifetime: everything; calendar year: from local Jan 1; rolling: one year back.
bool window_start(const Program& p, Seconds t, Seconds* start, bool* inclusive) {
  switch (p.tiers.window) {
    case TierWindow::Lifetime:
      return false;
    case TierWindow::CalendarYear:
      *start = local_day_start(CivilDate{local_date(t, p.utc_offset_minutes).year, 1, 1}, p.utc_offset_minutes);
      *inclusive = true;
      return true;
    case TierWindow::Rolling12Months:
      // An entry made exactly one year ago has just left the window.
      *start = add_local_years(t, -1, p.utc_offset_minutes);
      *inclusive = false;
      return true;
  }
  return false;
}

std::int64_t delta(const Program& p, const LedgerEntry& e) {
  return p.tiers.basis == TierBasis::PointsEarned ? e.tier_points : e.spend;
}

const Tier* tier_for_value(const Program& p, std::int64_t value) {
  const Tier* best = nullptr;
  for (const auto& t : p.tiers.tiers)
    if (value >= t.threshold) best = &t;
  return best;
}

}  // namespace

std::int64_t tier_value_at(const Program& p, const std::vector<LedgerEntry>& ledger, Seconds t) {
  Seconds start = 0;
  bool inclusive = true;
  const bool windowed = window_start(p, t, &start, &inclusive);
  std::int64_t value = 0;
  for (const auto& e : ledger) {
    if (e.at > t) continue;
    if (windowed && (inclusive ? e.at < start : e.at <= start)) continue;
    value += delta(p, e);
  }
  return value;
}

std::string tier_at(const Program& p, const std::vector<LedgerEntry>& ledger, Seconds t) {
  if (p.tiers.tiers.empty()) return "";
  const Seconds from = t - p.tiers.retention_days * kDay;
  // The window value only rises at an entry, so its highest point over
  // [from, t] is at `from`, at `t`, or at an entry inside the range.
  std::int64_t best = tier_value_at(p, ledger, t);
  if (p.tiers.retention_days > 0) {
    best = std::max(best, tier_value_at(p, ledger, from));
    for (const auto& e : ledger)
      if (e.at >= from && e.at <= t && delta(p, e) > 0) best = std::max(best, tier_value_at(p, ledger, e.at));
  }
  const Tier* tier = tier_for_value(p, best);
  return tier ? tier->id : "";
}

TierProgress tier_progress(const Program& p, const std::vector<LedgerEntry>& ledger, Seconds t) {
  TierProgress out;
  out.value = tier_value_at(p, ledger, t);
  out.current = tier_at(p, ledger, t);
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
