// Which rewards a customer can redeem now, and for how many points: the one
// place that decides it (quote, apply, the server's /me and the widget ask here).
#include <algorithm>

#include "loyalty/engine.h"
#include "loyalty/pick.h"
#include "loyalty/member_events.h"
#include "loyalty/win_back.h"

namespace loyalty {

Result<Money> variable_value(const Reward& r, Points points) {
  if (points <= 0) return Result<Money>::failure("/points", LOYALTY_WHY("is required for a variable reward"));
  if (points % r.points_step != 0)
    return Result<Money>::failure("/points", LOYALTY_WHY("must be a multiple of " + std::to_string(r.points_step.raw())));
  if (points < r.min_points)
    return Result<Money>::failure("/points", LOYALTY_WHY("must be at least " + std::to_string(r.min_points.raw())));
  if (r.max_points && points > r.max_points)
    return Result<Money>::failure("/points", LOYALTY_WHY("must be at most " + std::to_string(r.max_points.raw())));
  const auto worth = checked_mul(r.amount_per_step, points / r.points_step);
  if (!worth || *worth > kMaxAmount)
    return Result<Money>::failure("/points", LOYALTY_WHY("is worth more than the engine allows"));
  return Result<Money>::success(*worth);
}

Result<Money> variable_value(const Reward& r, Points points, Points balance) {
  auto worth = variable_value(r, points);
  if (worth.ok() && points > balance)
    return Result<Money>::failure("/points", LOYALTY_WHY("must be at most the balance, " + std::to_string(balance.raw())));
  return worth;
}

Points least_points(const Reward& r) {
  // min_points is a whole number of steps (the parser checks).
  return r.kind == RewardKind::Variable ? std::max(r.min_points, r.points_step) : r.cost;
}

RewardOption redeem_option(const Reward& r, Points balance, const std::string& tier) {
  return redeem_option(r, balance, tier, r.cost);
}

RewardOption redeem_option(const Reward& r, Points balance, const std::string& tier, Points cost) {
  RewardOption o;
  o.reward_id = r.id;
  o.tier_ok = r.for_tier(tier);
  balance = std::max(balance, Points{});
  if (r.kind == RewardKind::Variable) {
    o.step = r.points_step;
    o.least = least_points(r);
    std::int64_t steps = balance / r.points_step;
    if (r.max_points) steps = std::min(steps, r.max_points / r.points_step);
    const Points most = r.points_step * steps;
    o.most = most >= o.least ? most : Points{};
    o.points = o.most ? o.most : o.least;
  } else {
    o.points = cost;
  }
  // (a win-back price may be 0: free is affordable)
  o.affordable = o.tier_ok && balance >= o.points;
  o.reason = o.affordable ? "" : !o.tier_ok ? "tier" : "balance";
  return o;
}

RewardOption redeem_option(const Program& p, const Reward& r, const CustomerState& s, Seconds now) {
  // A win-back offer open at `now` makes its reward cheaper (loyalty/win_back.h).
  RewardOption o = redeem_option(r, s.balance, s.tier.current, reward_cost_now(r, s, now));
  if (o.tier_ok && held_for_early_access(p, r.id, s.tier.current, now)) {
    o.tier_ok = false;
    o.affordable = false;
    o.reason = "early_access";
  }
  return o;
}

std::vector<RewardOption> redeem_options(const Program& p, const CustomerState& s, Seconds now) {
  std::vector<RewardOption> out;
  out.reserve(p.rewards.size());
  for (const Reward& r : p.rewards) {
    RewardOption o = redeem_option(p, r, s, now);
    if (r.kind == RewardKind::Variable) {
      const auto worth = variable_value(r, o.points);
      o.value = worth.ok() ? worth.value : Money{};
    }
    if (r.kind == RewardKind::FixedDiscount || r.kind == RewardKind::Cashback) o.value = r.amount;
    if (r.kind == RewardKind::FreeProduct) o.value = r.product_value;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace loyalty
