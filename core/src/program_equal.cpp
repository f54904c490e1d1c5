// Field-by-field equality of programs, for the writer's round trip
// (parse(to_json(p)) == p) and for telling a changed program from the same one.
#include <tuple>

#include "loyalty/json_io.h"
#include "loyalty/program.h"

namespace loyalty {

namespace {

bool same_zone(const TimeZone& a, const TimeZone& b) {
  // The rule decides every offset and change; a fixed offset has none.
  return a.name == b.name && a.rule == b.rule && a.std_offset == b.std_offset && a.dst_offset == b.dst_offset &&
         a.has_dst == b.has_dst;
}

}  // namespace

bool operator==(const ProductSelector& a, const ProductSelector& b) {
  return std::tie(a.products, a.collections, a.tags) == std::tie(b.products, b.collections, b.tags);
}
bool operator==(const EarnBasis& a, const EarnBasis& b) {
  return std::tie(a.after_discounts, a.exclude_tax, a.exclude_shipping, a.exclude_gift_cards, a.include_test_orders, a.excluded) ==
         std::tie(b.after_discounts, b.exclude_tax, b.exclude_shipping, b.exclude_gift_cards, b.include_test_orders, b.excluded);
}
bool operator==(const EarnRule& a, const EarnRule& b) {
  return std::tie(a.points, a.per_amount, a.rounding, a.round_per_line, a.basis) ==
         std::tie(b.points, b.per_amount, b.rounding, b.round_per_line, b.basis);
}
bool operator==(const ProductMultiplier& a, const ProductMultiplier& b) {
  return std::tie(a.id, a.name, a.applies_to, a.percent) == std::tie(b.id, b.name, b.applies_to, b.percent);
}
bool operator==(const Campaign& a, const Campaign& b) {
  return std::tie(a.id, a.name, a.starts_at, a.ends_at, a.weekdays, a.applies_to, a.percent, a.bonus_points, a.min_spend) ==
         std::tie(b.id, b.name, b.starts_at, b.ends_at, b.weekdays, b.applies_to, b.percent, b.bonus_points, b.min_spend);
}
// The instants follow from the local times and the zone, compared on their own.
bool operator==(const MemberEvent& a, const MemberEvent& b) {
  return std::tie(a.id, a.name, a.tiers, a.starts_local, a.ends_local, a.announce_local, a.percent, a.early_access) ==
         std::tie(b.id, b.name, b.tiers, b.starts_local, b.ends_local, b.announce_local, b.percent, b.early_access);
}
bool operator==(const ActionLimits& a, const ActionLimits& b) {
  return std::tie(a.per_day, a.per_month, a.lifetime, a.cooldown) == std::tie(b.per_day, b.per_month, b.lifetime, b.cooldown);
}
bool operator==(const ActionRule& a, const ActionRule& b) {
  return std::tie(a.type, a.name, a.points, a.self_claimed, a.url, a.limits) ==
         std::tie(b.type, b.name, b.points, b.self_claimed, b.url, b.limits);
}
bool operator==(const Reward& a, const Reward& b) {
  return std::tie(a.id, a.name, a.kind, a.cost, a.amount, a.percent, a.max_amount, a.product_id, a.product_value,
                  a.points_step, a.amount_per_step, a.min_points, a.max_points, a.min_order, a.tiers) ==
         std::tie(b.id, b.name, b.kind, b.cost, b.amount, b.percent, b.max_amount, b.product_id, b.product_value,
                  b.points_step, b.amount_per_step, b.min_points, b.max_points, b.min_order, b.tiers);
}
bool operator==(const Tier& a, const Tier& b) {
  return std::tie(a.id, a.name, a.threshold, a.multiplier_percent, a.entry_reward, a.free_shipping_threshold, a.perks) ==
         std::tie(b.id, b.name, b.threshold, b.multiplier_percent, b.entry_reward, b.free_shipping_threshold, b.perks);
}
bool operator==(const TierProgram& a, const TierProgram& b) {
  return std::tie(a.basis, a.window, a.retention_days, a.tiers) == std::tie(b.basis, b.window, b.retention_days, b.tiers);
}
bool operator==(const ReferralSide& a, const ReferralSide& b) {
  return std::tie(a.kind, a.points, a.amount) == std::tie(b.kind, b.points, b.amount);
}
bool operator==(const ReferralProgram& a, const ReferralProgram& b) {
  return std::tie(a.enabled, a.referrer, a.referee, a.min_order, a.first_order_only, a.max_per_referrer,
                  a.block_self_referral, a.block_same_email, a.block_same_device) ==
         std::tie(b.enabled, b.referrer, b.referee, b.min_order, b.first_order_only, b.max_per_referrer,
                  b.block_self_referral, b.block_same_email, b.block_same_device);
}
bool operator==(const Lifecycle& a, const Lifecycle& b) {
  return std::tie(a.pending_days, a.expiry, a.expiry_days, a.negative_balance, a.expiry_notice_days) ==
         std::tie(b.pending_days, b.expiry, b.expiry_days, b.negative_balance, b.expiry_notice_days);
}
bool operator==(const WinBackOffer& a, const WinBackOffer& b) {
  return std::tie(a.valid_days, a.bonus_points, a.reward_id, a.reward_cost) ==
         std::tie(b.valid_days, b.bonus_points, b.reward_id, b.reward_cost);
}
bool operator==(const MembershipPlan& a, const MembershipPlan& b) {
  return std::tie(a.id, a.name, a.fee, a.interval, a.multiplier_percent, a.join_bonus, a.free_shipping, a.perks) ==
         std::tie(b.id, b.name, b.fee, b.interval, b.multiplier_percent, b.join_bonus, b.free_shipping, b.perks);
}
bool operator==(const Partner& a, const Partner& b) {
  return std::tie(a.id, a.name, a.partner_points, a.our_points, a.allow_in, a.allow_out, a.min_exchange) ==
         std::tie(b.id, b.name, b.partner_points, b.our_points, b.allow_in, b.allow_out, b.min_exchange);
}
bool operator==(const Program& a, const Program& b) {
  return same_zone(a.zone, b.zone) && dump(a.translations) == dump(b.translations) &&
         std::tie(a.shop, a.name, a.version, a.currency, a.minor_digits, a.earn, a.multipliers, a.campaigns, a.member_events, a.actions,
                  a.rewards, a.tiers, a.referral, a.lifecycle, a.memberships, a.partners, a.free_shipping_threshold,
                  a.churn_days, a.win_back) ==
             std::tie(b.shop, b.name, b.version, b.currency, b.minor_digits, b.earn, b.multipliers, b.campaigns, b.member_events, b.actions,
                      b.rewards, b.tiers, b.referral, b.lifecycle, b.memberships, b.partners, b.free_shipping_threshold,
                      b.churn_days, b.win_back);
}

}  // namespace loyalty
