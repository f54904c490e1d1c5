// Points the customer or the merchant moves: actions, redemptions, manual
// adjustments and coalition partner exchanges.
#include <utility>

#include "apply_context.h"
#include "loyalty/member_events.h"
#include "loyalty/pick.h"
#include "loyalty/referral_code.h"
#include "loyalty/win_back.h"

namespace loyalty::apply_event {

Out action(Context& x, const Action& a) {
  const ActionRule* rule = x.p.find_action(a.action);
  if (!rule) return Out::failure("/action", "no action '" + a.action + "' in the program");
  if (rule->type == "signup" || rule->type == "birthday")
    return Out::failure("/action", "'" + rule->type + "' is awarded by the program itself");
  const ActionUsage u = action_usage(x.p, *rule, x.ledger, x.placed, x.t);
  if (u.exhausted) return Out::failure("/action", "lifetime limit of " + std::to_string(rule->limits.lifetime) + " reached");
  if (u.available_at > x.placed) return Out::failure("/action", "limit reached; available again at " + format_iso8601(u.available_at));
  ActionEntry b;
  b.action = rule->type;
  LedgerEntry n = entry(x, "action:" + x.e.id, std::move(b));
  award(x, n, rule->points);
  return Out::success({n});
}

Out redeem(Context& x, const Redeem& w, std::string* coupon) {
  const Reward* r = x.p.find_reward(w.reward_id);
  if (!r) return Out::failure("/reward_id", "no reward '" + w.reward_id + "' in the program");
  // While the customer's win-back offer is open, its reward costs less, once (loyalty/win_back.h).
  Points cost = reward_cost_now(*r, x.s, x.t);
  const bool win_back = cost != r->cost;
  // Tier and balance as the shopper's options decide them (redeem.cpp): what /me
  // shows redeemable is what this accepts.
  const RewardOption option = redeem_option(*r, x.s.balance, x.s.tier.current, cost);
  if (!option.tier_ok) return Out::failure("/reward_id", "is for members of certain tiers only");
  if (held_for_early_access(x.p, r->id, x.s.tier.current, x.placed))
    return Out::failure("/reward_id", "is in early access for the members of a member event until it ends");
  Money value = r->kind == RewardKind::FreeProduct ? r->product_value : r->amount;
  if (r->kind == RewardKind::PercentDiscount) value = Money{};  // known only against a cart
  if (r->kind == RewardKind::Variable) {
    // The panel's picker asks the same (loyalty/pick.h): the same pick, the same answer.
    cost = w.points;
    const auto worth = variable_value(*r, cost, x.s.balance);
    if (!worth.ok()) return Out::failure(worth.errors);
    value = worth.value;
  } else if (!option.affordable) {
    return Out::failure("/reward_id", "needs " + std::to_string(cost.raw()) + " points; the balance is " + std::to_string(x.s.balance.raw()));
  }
  RedeemEntry b;
  b.reward_id = r->id;
  if (win_back) b.ref = win_back_key(x.s.win_back);
  b.value = value;
  b.code = make_coupon_code(w.seed, x.who.id + ":" + x.e.id);
  *coupon = b.code;
  LedgerEntry n = entry(x, "redeem:" + x.e.id, std::move(b));
  n.points = -cost;
  return Out::success({n});
}

Out adjust(Context& x, const Adjust& a) {
  if (a.points < 0 && x.s.balance + a.points < 0)
    return Out::failure("/points", "would take the balance below zero (balance " + std::to_string(x.s.balance.raw()) + ")");
  LedgerEntry n = entry(x, "adjust:" + x.e.id, AdjustEntry{a.note});
  n.points = a.points;
  if (n.points > 0) n.expires_at = expiry_for(x.p, x.t);
  return Out::success({n});
}

Out partner_exchange(Context& x, const PartnerExchange& px) {
  const Partner* partner = x.p.find_partner(px.partner_id);
  if (!partner) return Out::failure("/partner_id", "no partner '" + px.partner_id + "'");
  if (px.inbound ? !partner->allow_in : !partner->allow_out)
    return Out::failure("/direction", "this partner does not exchange in that direction");
  if (px.points < partner->min_exchange) return Out::failure("/points", "must be at least " + std::to_string(partner->min_exchange.raw()));
  LedgerEntry n = entry(x, "exchange:" + x.e.id, ExchangeEntry{partner->id, 0});
  auto& b = std::get<ExchangeEntry>(n.body);
  if (px.inbound) {
    n.points = mul_div(px.points, partner->our_points.raw(), partner->partner_points.raw(), Rounding::Floor).value_or(Points{});
    if (n.points <= 0) return Out::failure("/points", "is worth less than one of our points");
    b.value = px.points.raw();  // an inbound exchange keeps the partner's points here, not money
    n.expires_at = expiry_for(x.p, x.t);
  } else {
    if (x.s.balance < px.points) return Out::failure("/points", "is more than the balance of " + std::to_string(x.s.balance.raw()));
    b.value = mul_div(px.points.raw(), partner->partner_points.raw(), partner->our_points.raw(), Rounding::Floor).value_or(0);  // partner points
    if (b.value <= 0) return Out::failure("/points", "is worth less than one partner point");
    n.points = -px.points;
  }
  return Out::success({n});
}

}  // namespace loyalty::apply_event
