// The program's "rewards": what points buy.
#include "program_read.h"

namespace loyalty {

void read_rewards(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "rewards", 200, [&](const json& w, const std::string& at) {
    r.only_keys(w, at, {"id", "name", "kind", "cost", "amount", "percent", "max_amount", "product_id", "product_value",
                        "points_step", "amount_per_step", "min_points", "max_points", "min_order", "tiers"});
    Reward rw;
    rw.id = r.id(w, at, "id", true);
    rw.name = r.text(w, at, "name", true);
    rw.kind = read_enum(r, w, at, "kind", RewardKind::FixedDiscount, kRewardKindNames);
    if (!r.member(w, at, "kind", true)) return;
    const bool variable = rw.kind == RewardKind::Variable;
    rw.cost = r.amount<Points>(w, at, "cost", !variable, 0, variable ? 0 : 1, kMaxPoints);
    rw.min_order = r.amount<Money>(w, at, "min_order", false, 0, 0, kMaxAmount);
    switch (rw.kind) {
      case RewardKind::FixedDiscount:
      case RewardKind::Cashback:
        rw.amount = r.amount<Money>(w, at, "amount", true, 0, 1, kMaxAmount);
        break;
      case RewardKind::PercentDiscount:
        rw.percent = r.integer(w, at, "percent", true, 0, 1, 100);
        rw.max_amount = r.amount<Money>(w, at, "max_amount", false, 0, 0, kMaxAmount);
        break;
      case RewardKind::FreeShipping:
        rw.max_amount = r.amount<Money>(w, at, "max_amount", false, 0, 0, kMaxAmount);
        break;
      case RewardKind::FreeProduct:
        rw.product_id = r.id(w, at, "product_id", true);
        rw.product_value = r.amount<Money>(w, at, "product_value", true, 0, 1, kMaxAmount);
        break;
      case RewardKind::Variable:
        rw.points_step = r.amount<Points>(w, at, "points_step", true, 1, 1, kMaxPoints);
        rw.amount_per_step = r.amount<Money>(w, at, "amount_per_step", true, 1, 1, kMaxAmount);
        rw.min_points = r.amount<Points>(w, at, "min_points", false, 0, 0, kMaxPoints);
        rw.max_points = r.amount<Points>(w, at, "max_points", false, 0, 0, kMaxPoints);
        if (rw.max_points && rw.max_points < rw.min_points)
          r.fail(pointer_child(at, "max_points"), LOYALTY_WHY("must be at least " + pointer_child(at, "min_points")));
        if (rw.points_step > 0 && rw.min_points % rw.points_step != 0)
          r.fail(pointer_child(at, "min_points"), LOYALTY_WHY("must be a multiple of " + pointer_child(at, "points_step")));
        break;
    }
    rw.tiers = r.id_list(w, at, "tiers", 50);
    p.rewards.push_back(std::move(rw));
  });
  require_unique(r, p.rewards, "/rewards", "id", [](const Reward& w) { return w.id; });
}

}  // namespace loyalty
