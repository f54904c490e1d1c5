#include "loyalty/state.h"

#include <algorithm>

#include "replay.h"

namespace loyalty {

std::vector<LedgerEntry> due_entries(const Program& p, const Customer& c, Seconds now) {
  Replay r(p, c, now);
  r.run();
  return r.due();
}

std::vector<LedgerEntry> settled_ledger(const Program& p, const Customer& c, Seconds now) {
  std::vector<LedgerEntry> all = c.ledger;
  for (auto& e : due_entries(p, c, now)) all.push_back(std::move(e));
  return all;
}

ActionUsage action_usage(const Program& p, const ActionRule& rule, const std::vector<LedgerEntry>& ledger, Seconds t) {
  ActionUsage u;
  u.type = rule.type;
  const int off = p.utc_offset_minutes;
  const CivilDate today = local_date(t, off);
  for (const auto& e : ledger) {
    if (e.type != EntryType::Action || e.action != rule.type || e.at > t) continue;
    ++u.lifetime;
    u.last_at = std::max(u.last_at, e.at);
    const CivilDate d = local_date(e.at, off);
    if (d.year == today.year && d.month == today.month) {
      ++u.this_month;
      if (d.day == today.day) ++u.today;
    }
  }
  const ActionLimits& l = rule.limits;
  if (l.lifetime && u.lifetime >= l.lifetime) {
    u.exhausted = true;
    return u;
  }
  Seconds next = 0;
  if (l.per_day && u.today >= l.per_day) {
    CivilDate tomorrow = civil_from_days(days_from_civil(today.year, today.month, today.day) + 1);
    next = std::max(next, local_day_start(tomorrow, off));
  }
  if (l.per_month && u.this_month >= l.per_month) {
    CivilDate first{today.month == 12 ? today.year + 1 : today.year, today.month == 12 ? 1 : today.month + 1, 1};
    next = std::max(next, local_day_start(first, off));
  }
  if (l.cooldown && u.last_at && u.last_at + l.cooldown > t) next = std::max(next, u.last_at + l.cooldown);
  u.available_at = next;
  return u;
}

CustomerState state_at(const Program& p, const Customer& c, Seconds now) {
  Replay r(p, c, now);
  r.run();
  std::vector<LedgerEntry> all = c.ledger;
  all.insert(all.end(), r.due().begin(), r.due().end());

  CustomerState s;
  s.balance = r.balance();
  s.pending = r.pending();
  s.earned = r.earned();
  s.redeemed = r.redeemed();
  s.expired = r.expired();
  s.clawed_back = r.clawed_back();
  if (p.lifecycle.expiry == ExpiryMode::AfterEarning && !r.lots().empty() && r.lots().front().expires_at) {
    s.next_expiry_at = r.lots().front().expires_at;
    for (const Lot& lot : r.lots())
      if (lot.expires_at == s.next_expiry_at) s.next_expiring += lot.remaining;
  } else if (Seconds t = r.inactivity_expiry(); t && s.balance > 0) {
    s.next_expiry_at = t;
    s.next_expiring = s.balance;
  }
  s.tier = tier_progress(p, all, now);

  Seconds membership_from = -1;
  for (const auto& e : all) {
    if (e.at > now) continue;
    if (e.type == EntryType::Earn) {
      ++s.orders;
      s.last_order_at = std::max(s.last_order_at, e.at);
    } else if (e.type == EntryType::Membership && e.at >= membership_from) {
      membership_from = e.at;
      s.membership = e.until > now ? e.tier : "";
      s.membership_until = e.until > now ? e.until : 0;
    } else if (e.type == EntryType::Referral && e.key.rfind("referrer:", 0) == 0) {
      ++s.referrals;
    }
  }
  s.churn_risk = p.churn_days > 0 && s.orders > 0 && now - s.last_order_at >= p.churn_days * kDay;
  for (const auto& rule : p.actions) s.actions.push_back(action_usage(p, rule, all, now));
  return s;
}

}  // namespace loyalty
