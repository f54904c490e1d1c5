// The program's status sections: "tier_rules" and "tiers" (earned), and
// "memberships" (paid).
#include "program_read.h"

namespace loyalty {

namespace {

// "perks": up to 20 display strings of at most 200 bytes each (tiers, memberships).
std::vector<std::string> read_perks(JsonReader& r, const json& obj, const std::string& at) {
  std::vector<std::string> out;
  const json* perks = r.member(obj, at, "perks", false);
  if (!perks) return out;
  const std::string pat = pointer_child(at, "perks");
  if (!r.is_array(*perks, pat, 20)) return out;
  for (size_t i = 0; i < perks->size(); ++i) {
    if ((*perks)[i].is_string() && (*perks)[i].get_ref<const std::string&>().size() <= 200)
      out.push_back((*perks)[i].get<std::string>());
    else
      r.fail(pointer_index(pat, i), LOYALTY_WHY("must be a string of at most 200 bytes"));
  }
  return out;
}

}  // namespace

void read_tiers(JsonReader& r, const json& root, Program& p) {
  std::string at;
  if (const json* t = r.object_member(root, "", "tier_rules", false, {"basis", "window", "retention_days"}, at)) {
    p.tiers.basis = read_enum(r, *t, at, "basis", TierBasis::PointsEarned, kTierBasisNames);
    p.tiers.window = read_enum(r, *t, at, "window", TierWindow::Lifetime, kTierWindowNames);
    p.tiers.retention_days = r.integer(*t, at, "retention_days", false, 0, 0, kMaxDays);
  }
  each_object(r, root, "", "tiers", 20, [&](const json& t, const std::string& at) {
    r.only_keys(t, at, {"id", "name", "threshold", "multiplier_percent", "entry_reward", "free_shipping_threshold", "perks"});
    Tier tier;
    tier.id = r.id(t, at, "id", true);
    tier.name = r.text(t, at, "name", true);
    tier.threshold = r.integer(t, at, "threshold", true, 0, 1, kMaxAmount);
    tier.multiplier_percent = r.integer(t, at, "multiplier_percent", false, 100, 100, kMaxPercent);
    tier.entry_reward = r.amount<Points>(t, at, "entry_reward", false, 0, 0, kMaxPoints);
    tier.free_shipping_threshold = r.amount<Money>(t, at, "free_shipping_threshold", false, -1, 0, kMaxAmount);
    tier.perks = read_perks(r, t, at);
    p.tiers.tiers.push_back(std::move(tier));
  });
  for (size_t i = 1; i < p.tiers.tiers.size(); ++i)
    if (p.tiers.tiers[i].threshold <= p.tiers.tiers[i - 1].threshold)
      r.fail("/tiers/" + std::to_string(i) + "/threshold", LOYALTY_WHY("must be greater than /tiers/" + std::to_string(i - 1) + "/threshold"));
  require_unique(r, p.tiers.tiers, "/tiers", "id", [](const Tier& t) { return t.id; });
  for (size_t i = 0; i < p.rewards.size(); ++i)
    for (size_t k = 0; k < p.rewards[i].tiers.size(); ++k)
      if (!p.find_tier(p.rewards[i].tiers[k]))
        r.fail(pointer_index("/rewards/" + std::to_string(i) + "/tiers", k), LOYALTY_WHY("no tier with id '" + p.rewards[i].tiers[k] + "'"));
}

void read_memberships(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "memberships", 20, [&](const json& m, const std::string& at) {
    r.only_keys(m, at, {"id", "name", "fee", "interval", "multiplier_percent", "join_bonus", "free_shipping", "perks"});
    MembershipPlan plan;
    plan.id = r.id(m, at, "id", true);
    plan.name = r.text(m, at, "name", true);
    plan.fee = r.amount<Money>(m, at, "fee", true, 0, 1, kMaxAmount);
    plan.interval = read_enum(r, m, at, "interval", FeeInterval::Month, kFeeIntervalNames);
    plan.multiplier_percent = r.integer(m, at, "multiplier_percent", false, 100, 100, kMaxPercent);
    plan.join_bonus = r.amount<Points>(m, at, "join_bonus", false, 0, 0, kMaxPoints);
    plan.free_shipping = r.boolean(m, at, "free_shipping", false);
    plan.perks = read_perks(r, m, at);
    p.memberships.push_back(std::move(plan));
  });
  require_unique(r, p.memberships, "/memberships", "id", [](const MembershipPlan& m) { return m.id; });
}

}  // namespace loyalty
