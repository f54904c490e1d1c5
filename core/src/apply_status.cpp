// Paid memberships starting and ending, and the tier moves every event books.
#include "apply_context.h"

namespace loyalty::apply_event {

Out membership_started(Context& x, const MembershipStarted& m) {
  const MembershipPlan* plan = x.p.find_membership(m.plan_id);
  if (!plan) return Out::failure("/plan_id", "no membership plan '" + m.plan_id + "'");
  Entries out;
  LedgerEntry n = entry(x, EntryType::Membership, "membership:" + x.e.id);
  n.tier = plan->id;
  n.until = m.period_end;
  n.value = plan->fee;
  out.push_back(n);
  if (plan->join_bonus > 0 && !x.book.find("membership-bonus:" + plan->id)) {
    LedgerEntry b = entry(x, EntryType::Membership, "membership-bonus:" + plan->id);
    b.tier = plan->id;
    b.until = m.period_end;
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
  LedgerEntry n = entry(x, EntryType::Membership, "membership:" + x.e.id);
  n.tier = plan->id;
  n.until = x.t;
  return Out::success({n});
}

// Tier moves are written when they happen; an entry reward comes once per tier.
Entries tier_changes(const Context& x) {
  const std::string& recorded = x.book.recorded_tier();
  const std::string now_tier = held_tier(x.p, x.book.series(), x.t);
  Entries out;
  if (now_tier == recorded) return out;
  LedgerEntry n = entry(x, EntryType::TierChange, "tier:" + x.e.id);
  n.occurred_at = 0;  // tiers move when the ledger does
  n.tier = now_tier;
  n.ref = recorded;
  out.push_back(n);
  const Tier* tier = x.p.find_tier(now_tier);
  const std::string reward_key = "tier-reward:" + now_tier;
  if (tier && tier->entry_reward > 0 && !x.book.find(reward_key)) {
    LedgerEntry r = entry(x, EntryType::TierReward, reward_key);
    r.occurred_at = 0;
    r.tier = now_tier;
    r.points = tier->entry_reward;
    r.expires_at = expiry_for(x.p, x.t);
    out.push_back(r);
  }
  return out;
}

}  // namespace loyalty::apply_event
