// The program's "referral": what referrer and referee get, and its fraud rules.
#include "program_read.h"

namespace loyalty {

namespace {

ReferralSide read_referral_side(JsonReader& r, const json& obj, const std::string& at, const char* key) {
  std::string here;
  const json* v = r.object_member(obj, at, key, true, {"kind", "points", "amount"}, here);
  if (!v) return {};
  ReferralSide s;
  s.kind = read_enum(r, *v, here, "kind", ReferralRewardKind::Points, kReferralRewardKindNames);
  if (s.kind == ReferralRewardKind::Points) s.points = r.amount<Points>(*v, here, "points", true, 0, 1, kMaxPoints);
  else s.amount = r.amount<Money>(*v, here, "amount", true, 0, 1, kMaxAmount);
  return s;
}

}  // namespace

void read_referral(JsonReader& r, const json& root, Program& p) {
  std::string at;
  const json* v = r.object_member(root, "", "referral", false, {"enabled", "referrer", "referee", "min_order", "first_order_only",
                                  "max_per_referrer", "block_self_referral", "block_same_email", "block_same_device"}, at);
  if (!v) return;
  auto& f = p.referral;
  f.enabled = r.boolean(*v, at, "enabled", true);
  f.referrer = read_referral_side(r, *v, at, "referrer");
  f.referee = read_referral_side(r, *v, at, "referee");
  f.min_order = r.amount<Money>(*v, at, "min_order", false, 0, 0, kMaxAmount);
  f.first_order_only = r.boolean(*v, at, "first_order_only", true);
  f.max_per_referrer = r.integer(*v, at, "max_per_referrer", false, 0, 0, 1000000);
  f.block_self_referral = r.boolean(*v, at, "block_self_referral", true);
  f.block_same_email = r.boolean(*v, at, "block_same_email", true);
  f.block_same_device = r.boolean(*v, at, "block_same_device", true);
}

}  // namespace loyalty
