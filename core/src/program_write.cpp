// Program -> its JSON document, normalised: every field written, defaults
// filled, instants in UTC ISO 8601, object keys sorted. What the server serves
// the storefront, so the widget restates no default of the reader's. Reading
// the result back gives the same Program (tests/core/program_write_test.cpp,
// and `loyalty validate --normalised` refuses to print one that does not).
#include "json_list.h"
#include "program_names.h"
#include "loyalty/json_io.h"
#include "loyalty/member_events.h"

namespace loyalty {

namespace {

json selector(const ProductSelector& s) {
  return {{"products", s.products}, {"collections", s.collections}, {"tags", s.tags}};
}

json earn_json(const EarnRule& e) {
  const EarnBasis& b = e.basis;
  return {{"points", e.points}, {"per_amount", e.per_amount}, {"rounding", name_of(kRoundingNames, e.rounding)},
          {"round_per_line", e.round_per_line},
          {"basis", {{"after_discounts", b.after_discounts}, {"exclude_tax", b.exclude_tax}, {"exclude_shipping", b.exclude_shipping},
                     {"exclude_gift_cards", b.exclude_gift_cards}, {"include_test_orders", b.include_test_orders},
                     {"excluded", selector(b.excluded)}}}};
}

json multiplier_json(const ProductMultiplier& m) {
  return {{"id", m.id}, {"name", m.name}, {"applies_to", selector(m.applies_to)}, {"percent", m.percent}};
}

json campaign_json(const Campaign& c) {
  json weekdays = json::array();
  for (int d : c.weekdays) weekdays.push_back(d);
  return {{"id", c.id}, {"name", c.name}, {"starts_at", format_iso8601(c.starts_at)}, {"ends_at", format_iso8601(c.ends_at)},
          {"weekdays", std::move(weekdays)}, {"applies_to", selector(c.applies_to)}, {"percent", c.percent},
          {"bonus_points", c.bonus_points}, {"min_spend", c.min_spend}};
}

// Times as the merchant wrote them: shop-local, without an offset.
json member_event_json(const MemberEvent& e) {
  return {{"id", e.id}, {"name", e.name}, {"tiers", e.tiers}, {"starts", format_local(e.starts_local)},
          {"ends", format_local(e.ends_local)}, {"announce_from", format_local(e.announce_local)}, {"percent", e.percent},
          {"early_access", e.early_access}};
}

json action_json(const ActionRule& a) {
  const ActionLimits& l = a.limits;
  return {{"type", a.type}, {"name", a.name}, {"points", a.points}, {"self_claimed", a.self_claimed}, {"url", a.url},
          {"limits", {{"per_day", l.per_day}, {"per_month", l.per_month}, {"lifetime", l.lifetime},
                      {"cooldown_hours", l.cooldown / 3600}}}};  // read as whole hours
}

// The fields of the reward's kind only: the others are not part of it.
json reward_kind_fields(const Reward& w) {
  switch (w.kind) {
    case RewardKind::FixedDiscount:
    case RewardKind::Cashback: return {{"amount", w.amount}};
    case RewardKind::PercentDiscount: return {{"percent", w.percent}, {"max_amount", w.max_amount}};
    case RewardKind::FreeShipping: return {{"max_amount", w.max_amount}};
    case RewardKind::FreeProduct: return {{"product_id", w.product_id}, {"product_value", w.product_value}};
    case RewardKind::Variable:
      return {{"points_step", w.points_step}, {"amount_per_step", w.amount_per_step}, {"min_points", w.min_points},
              {"max_points", w.max_points}};
  }
  return json::object();
}

json reward_json(const Reward& w) {
  json j = reward_kind_fields(w);
  j["id"] = w.id;
  j["name"] = w.name;
  j["kind"] = name_of(kRewardKindNames, w.kind);
  j["cost"] = w.cost;
  j["min_order"] = w.min_order;
  j["tiers"] = w.tiers;
  return j;
}

json tier_json(const Tier& t) {
  json j = {{"id", t.id}, {"name", t.name}, {"threshold", t.threshold}, {"multiplier_percent", t.multiplier_percent},
            {"entry_reward", t.entry_reward}, {"perks", t.perks}};
  if (t.free_shipping_threshold >= 0) j["free_shipping_threshold"] = t.free_shipping_threshold;  // -1: the program's
  return j;
}

json referral_side_json(const ReferralSide& s) {
  const char* kind = name_of(kReferralRewardKindNames, s.kind);
  if (s.kind == ReferralRewardKind::Points) return {{"kind", kind}, {"points", s.points}};
  return {{"kind", kind}, {"amount", s.amount}};
}

json referral_json(const ReferralProgram& f) {
  return {{"enabled", f.enabled}, {"referrer", referral_side_json(f.referrer)}, {"referee", referral_side_json(f.referee)},
          {"min_order", f.min_order}, {"first_order_only", f.first_order_only}, {"max_per_referrer", f.max_per_referrer},
          {"block_self_referral", f.block_self_referral}, {"block_same_email", f.block_same_email},
          {"block_same_device", f.block_same_device}};
}

json membership_json(const MembershipPlan& m) {
  return {{"id", m.id}, {"name", m.name}, {"fee", m.fee}, {"interval", name_of(kFeeIntervalNames, m.interval)},
          {"multiplier_percent", m.multiplier_percent}, {"join_bonus", m.join_bonus}, {"free_shipping", m.free_shipping},
          {"perks", m.perks}};
}

json partner_json(const Partner& m) {
  return {{"id", m.id}, {"name", m.name}, {"partner_points", m.partner_points}, {"our_points", m.our_points},
          {"allow_in", m.allow_in}, {"allow_out", m.allow_out}, {"min_exchange", m.min_exchange}};
}

}  // namespace

json to_json(const Program& p) {
  json j = {{"shop", p.shop}, {"name", p.name}, {"version", p.version}, {"currency", p.currency},
            {"minor_digits", p.minor_digits}};
  if (p.zone.rule.empty()) {
    j["utc_offset_minutes"] = p.zone.std_offset / 60;
  } else {
    if (!p.zone.name.empty()) j["time_zone"] = p.zone.name;
    j["time_zone_rule"] = p.zone.rule;
  }
  j["earn"] = earn_json(p.earn);
  j["multipliers"] = json_array_of(p.multipliers, multiplier_json);
  j["campaigns"] = json_array_of(p.campaigns, campaign_json);
  j["member_events"] = json_array_of(p.member_events, member_event_json);
  j["actions"] = json_array_of(p.actions, action_json);
  j["rewards"] = json_array_of(p.rewards, reward_json);
  j["tier_rules"] = {{"basis", name_of(kTierBasisNames, p.tiers.basis)}, {"window", name_of(kTierWindowNames, p.tiers.window)},
                     {"retention_days", p.tiers.retention_days}};
  j["tiers"] = json_array_of(p.tiers.tiers, tier_json);
  // A program without a referral section reads as a disabled one with no
  // rewards, which is not a section the reader accepts: leave it out.
  if (!(p.referral == ReferralProgram{})) j["referral"] = referral_json(p.referral);
  const Lifecycle& l = p.lifecycle;
  j["lifecycle"] = {{"pending_days", l.pending_days}, {"expiry", name_of(kExpiryNames, l.expiry)}, {"expiry_days", l.expiry_days},
                    {"negative_balance", name_of(kNegativeBalanceNames, l.negative_balance)},
                    {"expiry_notice_days", l.expiry_notice_days}};
  j["memberships"] = json_array_of(p.memberships, membership_json);
  j["partners"] = json_array_of(p.partners, partner_json);
  j["free_shipping_threshold"] = p.free_shipping_threshold;
  j["churn_days"] = p.churn_days;
  // No offer (valid_days 0) is no section: the reader wants at least a day.
  if (p.win_back.enabled()) {
    const WinBackOffer& w = p.win_back;
    j["win_back"] = w.reward_id.empty() ? json{{"valid_days", w.valid_days}, {"bonus_points", w.bonus_points}}
                                        : json{{"valid_days", w.valid_days}, {"reward_id", w.reward_id}, {"reward_cost", w.reward_cost}};
  }
  j["translations"] = p.translations.is_object() ? p.translations : json::object();
  return j;
}

}  // namespace loyalty
