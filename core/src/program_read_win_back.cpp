// The program's "win_back": what a customer at churn risk (no order in
// churn_days) is offered, once per lapse (see loyalty/win_back.h).
#include "program_read.h"

namespace loyalty {

void read_win_back(JsonReader& r, const json& root, Program& p) {
  const json* v = r.member(root, "", "win_back", false);
  const std::string at = "/win_back";
  if (!v || !r.is_object(*v, at)) return;
  r.only_keys(*v, at, {"valid_days", "bonus_points", "reward_id", "reward_cost"});
  WinBackOffer& w = p.win_back;
  w.valid_days = r.integer(*v, at, "valid_days", true, 0, 1, kMaxDays);
  w.bonus_points = r.amount<Points>(*v, at, "bonus_points", false, 0, 1, kMaxPoints);
  w.reward_id = r.id(*v, at, "reward_id", false);
  const bool has_bonus = r.member(*v, at, "bonus_points", false) != nullptr;
  const bool has_reward = r.member(*v, at, "reward_id", false) != nullptr;
  if (has_reward) w.reward_cost = r.amount<Points>(*v, at, "reward_cost", true, 0, 0, kMaxPoints);
  else if (r.member(*v, at, "reward_cost", false)) r.fail(pointer_child(at, "reward_cost"), LOYALTY_WHY("needs reward_id"));
  if (has_bonus == has_reward) r.fail(at, LOYALTY_WHY("must have either bonus_points or reward_id (with reward_cost), not both"));
  if (const Reward* reward = w.reward_id.empty() ? nullptr : p.find_reward(w.reward_id); !w.reward_id.empty() && !reward)
    r.fail(pointer_child(at, "reward_id"), LOYALTY_WHY("no reward '" + w.reward_id + "' in /rewards"));
  else if (reward && reward->kind == RewardKind::Variable)
    r.fail(pointer_child(at, "reward_id"), LOYALTY_WHY("must be a reward with a fixed cost, not a variable one"));
  else if (reward && has_reward && w.reward_cost >= reward->cost)
    r.fail(pointer_child(at, "reward_cost"), LOYALTY_WHY("must be below the reward's cost of " + std::to_string(reward->cost.raw())));
  if (p.churn_days <= 0) r.fail(at, LOYALTY_WHY("needs churn_days (the days without an order that make a lapse)"));
}

}  // namespace loyalty
