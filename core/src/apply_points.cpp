// Points the customer or the merchant moves: actions, redemptions, manual
// adjustments and coalition partner exchanges.
#include "apply_context.h"
#include "loyalty/member_events.h"
#include "loyalty/referral_code.h"

namespace loyalty::apply_event {

Out action(Context& x, const Action& a) {
  const ActionRule* rule = x.p.find_action(a.action);
  if (!rule) return Out::failure("/action", "no action '" + a.action + "' in the program");
  if (rule->type == "signup" || rule->type == "birthday")
    return Out::failure("/action", "'" + rule->type + "' is awarded by the program itself");
  const ActionUsage u = action_usage(x.p, *rule, x.ledger, x.placed, x.t);
  if (u.exhausted) return Out::failure("/action", "lifetime limit of " + std::to_string(rule->limits.lifetime) + " reached");
  if (u.available_at > x.placed) return Out::failure("/action", "limit reached; available again at " + format_iso8601(u.available_at));
  LedgerEntry n = entry(x, EntryType::Action, "action:" + x.e.id);
  n.action = rule->type;
  award(x, n, rule->points);
  return Out::success({n});
}

Out redeem(Context& x, const Redeem& w, std::string* coupon) {
  const Reward* r = x.p.find_reward(w.reward_id);
  if (!r) return Out::failure("/reward_id", "no reward '" + w.reward_id + "' in the program");
  if (!r->for_tier(x.s.tier.current)) return Out::failure("/reward_id", "is for members of certain tiers only");
  if (held_for_early_access(x.p, r->id, x.s.tier.current, x.placed))
    return Out::failure("/reward_id", "is in early access for the members of a member event until it ends");
  Points cost = r->cost;
  Minor value = r->kind == RewardKind::FreeProduct ? r->product_value : r->amount;
  if (r->kind == RewardKind::PercentDiscount) value = 0;  // known only against a cart
  if (r->kind == RewardKind::Variable) {
    cost = w.points;
    const auto worth = variable_value(*r, cost);
    if (!worth.ok()) return Out::failure(worth.errors);
    value = worth.value;
  }
  if (x.s.balance < cost)
    return Out::failure("/reward_id", "needs " + std::to_string(cost) + " points; the balance is " + std::to_string(x.s.balance));
  LedgerEntry n = entry(x, EntryType::Redeem, "redeem:" + x.e.id);
  n.points = -cost;
  n.reward_id = r->id;
  n.value = value;
  n.code = make_coupon_code(w.seed, x.who.id + ":" + x.e.id);
  *coupon = n.code;
  return Out::success({n});
}

Out adjust(Context& x, const Adjust& a) {
  if (a.points < 0 && x.s.balance + a.points < 0)
    return Out::failure("/points", "would take the balance below zero (balance " + std::to_string(x.s.balance) + ")");
  LedgerEntry n = entry(x, EntryType::Adjust, "adjust:" + x.e.id);
  n.points = a.points;
  n.note = a.note;
  if (n.points > 0) n.expires_at = expiry_for(x.p, x.t);
  return Out::success({n});
}

Out partner_exchange(Context& x, const PartnerExchange& px) {
  const Partner* partner = x.p.find_partner(px.partner_id);
  if (!partner) return Out::failure("/partner_id", "no partner '" + px.partner_id + "'");
  if (px.inbound ? !partner->allow_in : !partner->allow_out)
    return Out::failure("/direction", "this partner does not exchange in that direction");
  if (px.points < partner->min_exchange) return Out::failure("/points", "must be at least " + std::to_string(partner->min_exchange));
  LedgerEntry n = entry(x, EntryType::Exchange, "exchange:" + x.e.id);
  n.partner = partner->id;
  if (px.inbound) {
    n.points = mul_div(px.points, partner->our_points, partner->partner_points, Rounding::Floor).value_or(0);
    if (n.points <= 0) return Out::failure("/points", "is worth less than one of our points");
    n.value = px.points;
    n.expires_at = expiry_for(x.p, x.t);
  } else {
    if (x.s.balance < px.points) return Out::failure("/points", "is more than the balance of " + std::to_string(x.s.balance));
    n.value = mul_div(px.points, partner->partner_points, partner->our_points, Rounding::Floor).value_or(0);
    if (n.value <= 0) return Out::failure("/points", "is worth less than one partner point");
    n.points = -px.points;
  }
  return Out::success({n});
}

}  // namespace loyalty::apply_event
