// quote(): what a cart earns and what the customer could spend on it.
#include <algorithm>

#include "loyalty/engine.h"
#include "loyalty/win_back.h"

namespace loyalty {

namespace {

// Merchandise the shopper pays for (after discounts, gift cards aside).
Money merchandise(const Cart& cart) {
  Money sum{0};
  for (const auto& l : cart.lines)
    if (!l.gift_card) sum += l.unit_price * l.quantity - l.discount;
  return std::max(sum - cart.order_discount, Money{});
}

// Of the points the customer can put into a Variable reward (`most`, from
// redeem_option), the most this cart can use: 0 when below the least.
Points variable_points(const Reward& r, const Cart& cart, const RewardOption& option) {
  // In whole steps, so no product overflows (most is a whole number of steps).
  const Points points = r.points_step * std::min(option.most / r.points_step, merchandise(cart) / r.amount_per_step);
  return points >= option.least ? points : Points{};
}

}  // namespace

Money reward_saves(const Program& p, const Reward& r, const Cart& cart, Points points) {
  (void)p;
  const Money subtotal = merchandise(cart);
  switch (r.kind) {
    case RewardKind::FixedDiscount: return std::min(r.amount, subtotal);
    case RewardKind::PercentDiscount: {
      Money off = mul_div(subtotal, r.percent, 100, Rounding::Floor).value_or(Money{});
      return r.max_amount ? std::min(off, r.max_amount) : off;
    }
    case RewardKind::FreeShipping: return r.max_amount ? std::min(cart.shipping, r.max_amount) : cart.shipping;
    case RewardKind::FreeProduct: return r.product_value;
    case RewardKind::Variable: {
      auto off = checked_mul(r.amount_per_step, points / r.points_step);
      return off ? std::min(*off, subtotal) : subtotal;
    }
    case RewardKind::Cashback: return r.amount;
  }
  return Money{};
}

Result<Quote> quote(const Program& p, const Customer& c, const Cart& cart, Seconds now) {
  auto s = checked_state_at(p, c.profile, view_of(c.ledger), now);
  if (!s.ok()) return Result<Quote>::failure(s.errors);
  return quote(p, s.value, cart, now);
}

Result<Quote> quote(const Program& p, const CustomerState& s, const Cart& cart, Seconds now) {
  auto earn = compute_earning(p, s, cart, now);
  if (!earn.ok()) return Result<Quote>::failure(earn.errors);
  Quote q;
  q.earn = std::move(earn.value);
  q.balance = s.balance;
  q.pending = s.pending;
  q.tier = s.tier;
  const Money subtotal = merchandise(cart);

  for (const Reward& r : p.rewards) {
    // Whether the customer may redeem it, and for how many points, is the
    // core's one decision (redeem_option); the cart only adds its own limits.
    RewardOption o = redeem_option(p, r, s, now);
    const Points cost = r.kind == RewardKind::Variable ? variable_points(r, cart, o) : o.points;
    if (o.tier_ok) {  // a tier (or early access) that does not allow it stays the reason
      if (subtotal < r.min_order)
        o.reason = "min_order";
      else if (r.kind == RewardKind::FreeShipping && cart.shipping == 0)
        o.reason = "no_shipping";
      else if (r.kind == RewardKind::Variable && cost == 0)
        o.reason = s.balance < o.least ? "balance" : "cart_too_small";
    }
    o.points = cost;
    o.value = reward_saves(p, r, cart, cost);
    o.affordable = o.reason.empty();
    // The reward the cart offers: the one that saves most on this cart, the
    // first in program order on a tie. Cashback is credit for later, not money
    // off this cart, so the cart never offers it (the panel lists it).
    if (o.affordable && r.kind != RewardKind::Cashback && o.value > q.spendable_saves) {
      q.spendable = o.points;
      q.spendable_saves = o.value;
      q.spendable_reward = r.id;
    }
    q.rewards.push_back(std::move(o));
  }

  // Nudges: free shipping, then the next tier.
  const Tier* tier = p.find_tier(s.tier.current);
  const MembershipPlan* plan = p.find_membership(s.membership);
  Money ship_threshold = p.free_shipping_threshold;
  if (tier && tier->free_shipping_threshold >= 0) ship_threshold = tier->free_shipping_threshold;
  if (!(plan && plan->free_shipping) && ship_threshold > 0 && subtotal < ship_threshold)
    q.nudges.push_back({"free_shipping", "", ship_threshold - subtotal});
  if (!s.tier.next.empty()) {
    Nudge n{"tier", s.tier.next, Money{}};
    if (p.tiers.basis == TierBasis::AmountSpent) {
      n.amount = Money(s.tier.remaining) - q.earn.eligible;  // the tier basis is spend here
    } else if (p.earn.points > 0) {
      const Points need = Points(s.tier.remaining) - q.earn.points;  // the tier basis is points here
      // Least spend that earns `need` points at the base rate with tier and membership multipliers.
      const std::int64_t tier_pct = tier ? tier->multiplier_percent : 100;
      const std::int64_t member_pct = plan ? plan->multiplier_percent : 100;
      if (need > 0)
        n.amount = spend_for_points(need, p.earn.points, p.earn.per_amount, tier_pct, member_pct).value_or(Money{});
    }
    if (n.amount > 0) q.nudges.push_back(n);
  }
  return Result<Quote>::success(std::move(q));
}

}  // namespace loyalty
