#include "loyalty/state.h"

#include <algorithm>

#include "replay.h"

namespace loyalty {

LedgerView view_of(const std::vector<LedgerEntry>& ledger) {
  LedgerView v;
  v.reserve(ledger.size());
  for (const auto& e : ledger) v.push_back(&e);
  return v;
}

std::vector<LedgerEntry> due_entries(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now) {
  Replay r(p, who, ledger, now);
  r.run();
  return r.due();
}

std::vector<LedgerEntry> due_entries(const Program& p, const Customer& c, Seconds now) {
  return due_entries(p, c.profile, view_of(c.ledger), now);
}

ActionUsage action_usage(const Program& p, const ActionRule& rule, const LedgerView& ledger, Seconds t) {
  ActionUsage u;
  u.type = rule.type;
  const int off = p.utc_offset_minutes;
  const CivilDate today = local_date(t, off);
  for (const LedgerEntry* e : ledger) {
    if (e->type != EntryType::Action || e->at > t || e->action != rule.type) continue;
    ++u.lifetime;
    u.last_at = std::max(u.last_at, e->at);
    const CivilDate d = local_date(e->at, off);
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

CustomerState state_at(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now) {
  Replay r(p, who, ledger, now);
  r.run();
  const LedgerView all = r.all();

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
  for (const LedgerEntry* e : all) {
    if (e->at > now) continue;
    if (e->type == EntryType::Earn) {
      ++s.orders;
      s.last_order_at = std::max(s.last_order_at, e->at);
    } else if (e->type == EntryType::Membership && e->at >= membership_from) {
      membership_from = e->at;
      s.membership = e->until > now ? e->tier : "";
      s.membership_until = e->until > now ? e->until : 0;
    } else if (e->type == EntryType::Referral && e->key.rfind("referrer:", 0) == 0) {
      ++s.referrals;
    }
  }
  s.churn_risk = p.churn_days > 0 && s.orders > 0 && now - s.last_order_at >= p.churn_days * kDay;
  for (const auto& rule : p.actions) s.actions.push_back(action_usage(p, rule, all, now));
  return s;
}

CustomerState state_at(const Program& p, const Customer& c, Seconds now) {
  return state_at(p, c.profile, view_of(c.ledger), now);
}

}  // namespace loyalty
