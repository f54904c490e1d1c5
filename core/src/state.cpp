#include "loyalty/state.h"

#include <algorithm>

#include "loyalty/win_back.h"
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
  return action_usage(p, rule, ledger, t, t);
}

ActionUsage action_usage(const Program& p, const ActionRule& rule, const LedgerView& ledger, Seconds t, Seconds booked_by) {
  ActionUsage u;
  u.type = rule.type;
  const ActionLimits& l = rule.limits;
  const TimeZone& off = p.zone;
  const CivilDate today = local_date(t, off);
  Seconds next = 0;
  for (const LedgerEntry* e : ledger) {
    const auto* done = e->as<ActionEntry>();
    if (!done || e->at > booked_by || done->action != rule.type) continue;
    const Seconds when = e->happened_at();
    ++u.lifetime;
    if (when <= t) u.last_at = std::max(u.last_at, when);
    const CivilDate d = local_date(when, off);
    if (d.year == today.year && d.month == today.month) {
      ++u.this_month;
      if (d.day == today.day) ++u.today;
    }
    // Too close on either side: a late action is measured from its neighbours.
    if (l.cooldown && when + l.cooldown > t && when < t + l.cooldown) next = std::max(next, when + l.cooldown);
  }
  if (l.lifetime && u.lifetime >= l.lifetime) {
    u.exhausted = true;
    return u;
  }
  if (l.per_day && u.today >= l.per_day) {
    CivilDate tomorrow = civil_from_days(days_from_civil(today.year, today.month, today.day) + 1);
    next = std::max(next, local_day_start(tomorrow, off));
  }
  if (l.per_month && u.this_month >= l.per_month) {
    CivilDate first{today.month == 12 ? today.year + 1 : today.year, today.month == 12 ? 1 : today.month + 1, 1};
    next = std::max(next, local_day_start(first, off));
  }
  u.available_at = next;
  return u;
}

std::string membership_at(const LedgerView& ledger, Seconds t) {
  std::string plan;
  Seconds from = -1;
  for (const LedgerEntry* e : ledger) {
    const auto* m = e->as<MembershipEntry>();
    if (!m || e->happened_at() > t || e->happened_at() < from) continue;
    from = e->happened_at();
    plan = m->until > t ? m->plan : "";
  }
  return plan;
}

namespace {

CustomerState state_of(const Program& p, const Replay& r, Seconds now) {
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

  s.membership = membership_at(all, now);
  for (const LedgerEntry* e : all) {
    if (e->at > now) continue;
    if (e->type() == EntryType::Earn) {
      ++s.orders;
      s.last_order_at = std::max(s.last_order_at, e->happened_at());
    } else if (const auto* m = e->as<MembershipEntry>(); m && m->plan == s.membership && !s.membership.empty()) {
      s.membership_until = std::max(s.membership_until, m->until);
    } else if (e->type() == EntryType::Referral && e->key.rfind("referrer:", 0) == 0) {
      ++s.referrals;
    }
  }
  s.churn_risk = p.churn_days > 0 && s.orders > 0 && now - s.last_order_at >= p.churn_days * kDay;
  if (auto w = win_back_at(p, s, now); w && !win_back_used(all, *w)) s.win_back = *w;
  for (const auto& rule : p.actions) s.actions.push_back(action_usage(p, rule, all, now));
  return s;
}

}  // namespace

CustomerState state_at(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now) {
  Replay r(p, who, ledger, now);
  r.run();
  return state_of(p, r, now);
}

Result<CustomerState> checked_state_at(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now) {
  Replay r(p, who, ledger, now);
  r.run();
  if (r.over_limit())
    return Result<CustomerState>::failure("/ledger", "a total passes the engine's limit of " + std::to_string(kMaxAmount) + " points");
  return Result<CustomerState>::success(state_of(p, r, now));
}

Seconds next_due_at(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now) {
  Replay r(p, who, ledger, now);
  r.run();
  if (r.due_count() > 0) return r.due_entry(0).at;  // owed already and not written: due now
  return r.next_due_after();
}

CustomerState state_at(const Program& p, const Customer& c, Seconds now) {
  return state_at(p, c.profile, view_of(c.ledger), now);
}

}  // namespace loyalty
