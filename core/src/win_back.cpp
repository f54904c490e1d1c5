#include "loyalty/win_back.h"

#include <cstdint>

namespace loyalty {

namespace {
bool offered_by(const Program& p, const CustomerState& s) {
  return p.churn_days > 0 && p.win_back.enabled() && s.orders > 0;
}
}  // namespace

std::optional<WinBackWindow> win_back_at(const Program& p, const CustomerState& s, Seconds now) {
  if (!offered_by(p, s)) return std::nullopt;
  WinBackWindow w;
  w.last_order_at = s.last_order_at;
  w.starts_at = s.last_order_at + p.churn_days * kDay;
  w.offer = p.win_back;
  // The program speaks days: the offer lasts to the end of the shop-local day
  // on which valid_days run out (never less than valid_days, ends at midnight).
  const CivilDate last = local_date(w.starts_at + p.win_back.valid_days * kDay - 1, p.zone);
  w.ends_at = local_day_start(civil_from_days(days_from_civil(last.year, last.month, last.day) + 1), p.zone);
  if (!w.open_at(now)) return std::nullopt;
  return w;
}

Seconds next_win_back_at(const Program& p, const CustomerState& s, Seconds now) {
  if (!offered_by(p, s)) return kNoDueTime;
  const Seconds start = s.last_order_at + p.churn_days * kDay;
  return start > now ? start : kNoDueTime;
}

namespace {
constexpr char kKeyPrefix[] = "win_back:";
}  // namespace

std::string win_back_key(const WinBackWindow& w) { return kKeyPrefix + std::to_string(w.last_order_at); }

std::optional<Seconds> win_back_lapse_since(const std::string& key) {
  const std::size_t n = sizeof kKeyPrefix - 1;
  if (key.compare(0, n, kKeyPrefix) != 0 || key.size() == n || key.size() > n + 19) return std::nullopt;
  Seconds at = 0;
  for (std::size_t i = n; i < key.size(); ++i) {
    if (key[i] < '0' || key[i] > '9') return std::nullopt;
    const Seconds digit = key[i] - '0';
    if (at > (INT64_MAX - digit) / 10) return std::nullopt;
    at = at * 10 + digit;
  }
  return at;
}

bool win_back_used(const LedgerView& ledger, const WinBackWindow& w) {
  const std::string key = win_back_key(w);
  for (const LedgerEntry* e : ledger)
    if (const auto* r = e->as<RedeemEntry>(); r && r->ref == key) return true;
  return false;
}

Points reward_cost_now(const Reward& r, const CustomerState& s, Seconds now) {
  const WinBackWindow& w = s.win_back;
  return w.open_at(now) && r.id == w.offer.reward_id ? w.offer.reward_cost : r.cost;
}

}  // namespace loyalty
