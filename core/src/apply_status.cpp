// Paid memberships starting and ending, and the tier moves every event books.
#include "apply_context.h"

namespace loyalty::apply_event {

Out membership_started(Context& x, const MembershipStarted& m) {
  const MembershipPlan* plan = x.p.find_membership(m.plan_id);
  if (!plan) return Out::failure("/plan_id", "no membership plan '" + m.plan_id + "'");
  Entries out;
  out.push_back(entry(x, "membership:" + x.e.id, MembershipEntry{plan->id, m.period_end, plan->fee}));
  if (plan->join_bonus > 0 && !x.book.find("membership-bonus:" + plan->id)) {
    LedgerEntry b = entry(x, "membership-bonus:" + plan->id, MembershipEntry{plan->id, m.period_end, Money{}});
    b.points = plan->join_bonus;
    b.expires_at = expiry_for(x.p, x.t);
    out.push_back(b);
  }
  return Out::success(out);
}

Out membership_ended(Context& x, const MembershipEnded& m) {
  const MembershipPlan* plan = x.p.find_membership(m.plan_id);
  if (!plan) return Out::failure("/plan_id", "no membership plan '" + m.plan_id + "'");
  if (x.s.membership != plan->id) return Out::failure("/plan_id", "the customer is not a member of '" + plan->id + "'");
  return Out::success({entry(x, "membership:" + x.e.id, MembershipEntry{plan->id, x.t, Money{}})});
}

// Tier moves are written when they happen; an entry reward comes once per tier.
Entries tier_changes(const Context& x) {
  const std::string& recorded = x.book.recorded_tier();
  const std::string now_tier = held_tier(x.p, x.book.series(), x.t);
  Entries out;
  if (now_tier == recorded) return out;
  LedgerEntry n = entry(x, "tier:" + x.e.id, TierChangeEntry{now_tier, recorded});
  n.occurred_at = 0;  // tiers move when the ledger does
  out.push_back(n);
  const Tier* tier = x.p.find_tier(now_tier);
  const std::string reward_key = "tier-reward:" + now_tier;
  if (tier && tier->entry_reward > 0 && !x.book.find(reward_key)) {
    LedgerEntry r = entry(x, reward_key, TierRewardEntry{now_tier});
    r.occurred_at = 0;
    r.points = tier->entry_reward;
    r.expires_at = expiry_for(x.p, x.t);
    out.push_back(r);
  }
  return out;
}

}  // namespace loyalty::apply_event
