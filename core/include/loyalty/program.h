// The merchant's program: one versioned JSON document per shop, parsed and
// validated into these plain structs (see program_json.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "loyalty/json.h"
#include "loyalty/money.h"
#include "loyalty/time.h"

namespace loyalty {

// Which products a rule is about. Empty selector: every product.
struct ProductSelector {
  std::vector<std::string> products;
  std::vector<std::string> collections;
  std::vector<std::string> tags;
  bool empty() const { return products.empty() && collections.empty() && tags.empty(); }
};

struct EarnBasis {
  bool after_discounts = true;   // earn on what was paid, not list price
  bool exclude_tax = true;
  bool exclude_shipping = true;
  bool exclude_gift_cards = true;
  bool include_test_orders = false;  // platform test orders (Shopify "test": true) earn too
  ProductSelector excluded;      // products that never earn
};

// `points` points for every `per_amount` minor units of eligible spend.
struct EarnRule {
  Points points{1};
  Money per_amount{100};
  Rounding rounding = Rounding::Floor;
  bool round_per_line = false;   // default: round once per order
  EarnBasis basis;
};

// Product, collection or tag multiplier (house brands, high-margin items).
// Where several match a line, the highest applies.
struct ProductMultiplier {
  std::string id;
  std::string name;
  ProductSelector applies_to;
  std::int64_t percent = 100;    // 200 = double points
};

// A time-boxed campaign: a multiplier on matching lines, or a fixed bonus per
// order, optionally on certain weekdays and above a minimum spend.
struct Campaign {
  std::string id;
  std::string name;
  Seconds starts_at = 0;
  Seconds ends_at = 0;           // exclusive
  std::vector<int> weekdays;     // 0 = Monday .. 6 = Sunday, shop-local; empty = every day
  ProductSelector applies_to;
  std::int64_t percent = 100;    // multiplier, 100 = none
  Points bonus_points{0};       // per qualifying order
  Money min_spend{0};           // eligible spend needed for the bonus
};

// An appreciation event for members of chosen tiers (loyalty/member_events.h):
// from `starts` to `ends` their orders earn `percent` like a campaign, and the
// rewards in `early_access` are theirs alone until the event ends; the widget
// announces it from `announce_from`. The program gives shop-local date-times,
// kept here as written (seconds since the local epoch) and as the instants the
// shop's zone makes of them, so a day-long event on a DST change day is 23 or 25 hours.
struct MemberEvent {
  std::string id;
  std::string name;
  std::vector<std::string> tiers;          // members of these tiers (at least one)
  Seconds starts_local = 0;                // shop-local, as written
  Seconds ends_local = 0;
  Seconds announce_local = 0;              // defaults to starts_local
  Seconds starts_at = 0;                   // the same as instants; ends_at exclusive
  Seconds ends_at = 0;
  Seconds announce_from = 0;
  std::int64_t percent = 100;              // earning multiplier on every line, 100 = none
  std::vector<std::string> early_access;   // reward ids
};

struct ActionLimits {
  std::int64_t per_day = 0;      // 0 = no limit
  std::int64_t per_month = 0;
  std::int64_t lifetime = 0;
  Seconds cooldown = 0;          // least time between two awards
};

// Points for something other than an order: review, follow, birthday...
struct ActionRule {
  std::string type;              // "review", "social_follow", "birthday", ...
  std::string name;
  Points points{0};
  bool self_claimed = false;     // the shopper can claim it from the widget
  std::string url;               // where a social action points (display only)
  ActionLimits limits;
};

enum class RewardKind { FixedDiscount, PercentDiscount, FreeShipping, FreeProduct, Variable, Cashback };
const char* reward_kind_name(RewardKind k);

struct Reward {
  std::string id;
  std::string name;
  RewardKind kind = RewardKind::FixedDiscount;
  Points cost{0};               // points per redemption (not for Variable)
  Money amount{0};              // FixedDiscount, Cashback: money off / credited
  std::int64_t percent = 0;      // PercentDiscount: 1..100
  Money max_amount{0};          // PercentDiscount cap (0 = none)
  std::string product_id;        // FreeProduct
  Money product_value{0};       // FreeProduct: what it saves
  // Variable: `points_step` points = `amount_per_step` off, between min and max points.
  Points points_step{0};
  Money amount_per_step{0};
  Points min_points{0};
  Points max_points{0};         // 0 = no cap beyond the cart
  Money min_order{0};           // eligible cart subtotal needed
  std::vector<std::string> tiers;  // empty = every tier (and no tier)
  bool for_tier(const std::string& tier) const;
};

enum class TierBasis { PointsEarned, AmountSpent };
enum class TierWindow { Lifetime, CalendarYear, Rolling12Months };

struct Tier {
  std::string id;
  std::string name;
  std::int64_t threshold = 0;    // points or minor units, by basis
  std::int64_t multiplier_percent = 100;
  Points entry_reward{0};
  Money free_shipping_threshold{-1};  // -1: program default
  std::vector<std::string> perks;
};

struct TierProgram {
  TierBasis basis = TierBasis::PointsEarned;
  TierWindow window = TierWindow::Lifetime;
  // A tier, once qualified for, is kept this many days after the customer last
  // qualified for it (0: downgrade as soon as the window no longer qualifies).
  std::int64_t retention_days = 0;
  std::vector<Tier> tiers;       // ascending thresholds
};

enum class ReferralRewardKind { Points, FixedDiscount };

struct ReferralSide {
  ReferralRewardKind kind = ReferralRewardKind::Points;
  Points points{0};
  Money amount{0};              // FixedDiscount coupon
};

struct ReferralProgram {
  bool enabled = false;
  ReferralSide referrer;         // "get 10"
  ReferralSide referee;          // "give 10"
  Money min_order{0};           // referee's qualifying order
  bool first_order_only = true;
  std::int64_t max_per_referrer = 0;  // lifetime cap, 0 = none
  bool block_self_referral = true;
  bool block_same_email = true;
  bool block_same_device = true;
};

enum class ExpiryMode { Never, AfterEarning, AfterInactivity };
enum class NegativeBalancePolicy { HoldAsPending, AllowDebt };

struct Lifecycle {
  std::int64_t pending_days = 0;       // held until the return window ends
  ExpiryMode expiry = ExpiryMode::Never;
  std::int64_t expiry_days = 0;
  NegativeBalancePolicy negative_balance = NegativeBalancePolicy::HoldAsPending;
  // Tell the customer this many days before a batch of points expires (0: no notice).
  std::int64_t expiry_notice_days = 0;
};

// What a customer at churn risk (no order in `churn_days`) is offered, once per
// lapse, for `valid_days` from the day the lapse began: bonus points on the next
// order, or one reward at a lower cost.
struct WinBackOffer {
  std::int64_t valid_days = 0;   // 0: no offer
  Points bonus_points{0};       // on the next order, or...
  std::string reward_id;         // ...this reward for `reward_cost` points
  Points reward_cost{0};
  bool enabled() const { return valid_days > 0; }
};

enum class FeeInterval { Month, Year };

struct MembershipPlan {
  std::string id;
  std::string name;
  Money fee{0};
  FeeInterval interval = FeeInterval::Month;
  std::int64_t multiplier_percent = 100;
  Points join_bonus{0};
  bool free_shipping = false;
  std::vector<std::string> perks;
};

// A coalition partner sharing a points currency: `partner_points` of theirs
// are worth `our_points` of ours.
struct Partner {
  std::string id;
  std::string name;
  Points partner_points{1};
  Points our_points{1};
  bool allow_in = true;          // their points into ours
  bool allow_out = true;         // ours out to theirs
  Points min_exchange{0};
};

struct Program {
  std::string shop;
  std::string name;
  std::int64_t version = 1;
  std::string currency = "USD";  // ISO 4217, the shop currency
  int minor_digits = 2;
  TimeZone zone;                 // time_zone + time_zone_rule, or utc_offset_minutes
  EarnRule earn;
  std::vector<ProductMultiplier> multipliers;
  std::vector<Campaign> campaigns;
  std::vector<MemberEvent> member_events;
  std::vector<ActionRule> actions;
  std::vector<Reward> rewards;
  TierProgram tiers;
  ReferralProgram referral;
  Lifecycle lifecycle;
  std::vector<MembershipPlan> memberships;
  std::vector<Partner> partners;
  Money free_shipping_threshold{0};  // 0 = none
  std::int64_t churn_days = 0;        // no order in N days: at risk (0 = off)
  WinBackOffer win_back;              // needs churn_days
  // The shop's own texts in other languages, the program's checked
  // "translations": {language tag: {JSON Pointer to a name or perk: text}}.
  // Display only, and not read for quotes (parse_program_for_quotes): kept as
  // the core's JSON value, whose code the widget's wasm has anyway.
  json translations;

  const ActionRule* find_action(const std::string& type) const;
  const Reward* find_reward(const std::string& id) const;
  const Tier* find_tier(const std::string& id) const;
  const MembershipPlan* find_membership(const std::string& id) const;
  const Partner* find_partner(const std::string& id) const;
};

// Field by field (program_equal.cpp): parse(to_json(p)) == p.
bool operator==(const ProductSelector& a, const ProductSelector& b);
bool operator==(const EarnBasis& a, const EarnBasis& b);
bool operator==(const EarnRule& a, const EarnRule& b);
bool operator==(const ProductMultiplier& a, const ProductMultiplier& b);
bool operator==(const Campaign& a, const Campaign& b);
bool operator==(const MemberEvent& a, const MemberEvent& b);
bool operator==(const ActionLimits& a, const ActionLimits& b);
bool operator==(const ActionRule& a, const ActionRule& b);
bool operator==(const Reward& a, const Reward& b);
bool operator==(const Tier& a, const Tier& b);
bool operator==(const TierProgram& a, const TierProgram& b);
bool operator==(const ReferralSide& a, const ReferralSide& b);
bool operator==(const ReferralProgram& a, const ReferralProgram& b);
bool operator==(const Lifecycle& a, const Lifecycle& b);
bool operator==(const WinBackOffer& a, const WinBackOffer& b);
bool operator==(const MembershipPlan& a, const MembershipPlan& b);
bool operator==(const Partner& a, const Partner& b);
bool operator==(const Program& a, const Program& b);

}  // namespace loyalty
