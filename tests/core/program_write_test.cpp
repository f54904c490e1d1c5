// to_json(Program): the program written back out, normalised. Reading it
// gives the same Program, and it restates every default the reader fills.
#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

Program round_trip(const Program& p) {
  auto r = program_from_json(to_json(p));
  INFO(dump(to_json(p)));
  INFO(r.error_text());
  REQUIRE(r.ok());
  return r.value;
}

// Every section, every reward kind, a zone rule, translations.
const char* const kEverything = R"({
  "shop": "demo-shop", "name": "Demo Rewards", "version": 3, "currency": "EUR", "minor_digits": 3,
  "time_zone": "Europe/Bucharest", "time_zone_rule": "EET-2EEST,M3.5.0/3,M10.5.0/4",
  "earn": {"points": 2, "per_amount": 250, "rounding": "half_even", "round_per_line": true,
           "basis": {"after_discounts": false, "exclude_tax": false, "exclude_shipping": false, "exclude_gift_cards": false,
                     "include_test_orders": true, "excluded": {"products": ["gift-wrap"], "tags": ["final-sale"]}}},
  "multipliers": [{"id": "house", "applies_to": {"collections": ["house"]}, "percent": 200}],
  "campaigns": [{"id": "bf", "name": "Black Friday", "starts_at": "2026-11-27T00:00:00+01:00", "ends_at": 1795820400,
                 "weekdays": [4, 5, 6], "applies_to": {"tags": ["sale"]}, "percent": 300, "bonus_points": 7, "min_spend": 100}],
  "actions": [{"type": "social_follow", "points": 25, "self_claimed": true, "url": "https://example.com",
               "limits": {"per_day": 1, "per_month": 2, "lifetime": 3, "cooldown_hours": 5}},
              {"type": "review", "name": "Review", "points": 10}],
  "rewards": [{"id": "a", "name": "a", "kind": "fixed_discount", "cost": 1, "amount": 1, "min_order": 4000, "tiers": ["gold"]},
              {"id": "b", "name": "b", "kind": "percent_discount", "cost": 1, "percent": 100, "max_amount": 9},
              {"id": "c", "name": "c", "kind": "free_shipping", "cost": 1},
              {"id": "d", "name": "d", "kind": "free_product", "cost": 1, "product_id": 42, "product_value": 1},
              {"id": "e", "name": "e", "kind": "variable", "points_step": 100, "amount_per_step": 100, "min_points": 500, "max_points": 20000},
              {"id": "f", "name": "f", "kind": "cashback", "cost": 1, "amount": 1}],
  "tier_rules": {"basis": "amount_spent", "window": "calendar_year", "retention_days": 30},
  "tiers": [{"id": "silver", "name": "Silver", "threshold": 30000, "multiplier_percent": 125, "entry_reward": 100,
             "free_shipping_threshold": 5000, "perks": ["Early access"]},
            {"id": "gold", "name": "Gold", "threshold": 100000}],
  "referral": {"enabled": false, "referrer": {"points": 500}, "referee": {"kind": "fixed_discount", "amount": 1000},
               "min_order": 5000, "first_order_only": false, "max_per_referrer": 20, "block_self_referral": false,
               "block_same_email": false, "block_same_device": false},
  "lifecycle": {"pending_days": 30, "expiry": "after_inactivity", "expiry_days": 365, "negative_balance": "allow_debt",
                "expiry_notice_days": 14},
  "memberships": [{"id": "plus", "name": "Plus", "fee": 999, "interval": "year", "multiplier_percent": 200, "join_bonus": 500,
                   "free_shipping": true, "perks": ["2x"]}],
  "partners": [{"id": "air", "name": "Air miles", "partner_points": 3, "our_points": 2, "allow_in": true, "allow_out": false,
                "min_exchange": 300}],
  "free_shipping_threshold": 7500, "churn_days": 90, "win_back": {"valid_days": 30, "reward_id": "a", "reward_cost": 0},
  "translations": {"ro": {"/name": "Recompense", "/tiers/0/perks/0": "Acces devreme"}, "de": {"/rewards/0/name": "A"}}
})";

}  // namespace

TEST_CASE("to_json(Program) reads back as the same program: the examples") {
  for (const char* name : {"coffee-shop", "fashion-store", "premium-membership"}) {
    INFO(name);
    const Program p = example(name);
    CHECK(round_trip(p) == p);
  }
}

TEST_CASE("to_json(Program) reads back as the same program: every section and kind") {
  auto p = parse_program(kEverything);
  INFO(p.error_text());
  REQUIRE(p.ok());
  CHECK(round_trip(p.value) == p.value);
  loyalty::json translations = p.value.translations;
  CHECK(translations["ro"]["/tiers/0/perks/0"].get<std::string>() == "Acces devreme");
  // A changed program is not the same one (the comparison can fail).
  Program changed = p.value;
  changed.actions[0].limits.cooldown += 3600;
  CHECK_FALSE(round_trip(changed) == p.value);
}

TEST_CASE("to_json(Program) fills the defaults the reader assumes") {
  const Program p = program();  // base: earn.points and per_amount only, no minor_digits
  loyalty::json j = to_json(p);
  CHECK(j["minor_digits"].get<std::int64_t>() == 2);
  CHECK(j["earn"]["per_amount"].get<std::int64_t>() == 100);
  CHECK(j["earn"]["rounding"].get<std::string>() == "floor");
  CHECK(j["earn"]["basis"]["exclude_tax"].get<bool>());
  CHECK(j["utc_offset_minutes"].get<std::int64_t>() == 0);
  CHECK(j["lifecycle"]["expiry"].get<std::string>() == "never");
  CHECK(j["tier_rules"]["basis"].get<std::string>() == "points_earned");
  CHECK(j.find("referral") == j.end());  // no referral section: none written (a disabled one would need rewards)
  CHECK(round_trip(p) == p);
}

TEST_CASE("to_json(Program) writes campaign instants in UTC and cooldowns in hours") {
  auto p = parse_program(kEverything);
  REQUIRE(p.ok());
  loyalty::json j = to_json(p.value);
  auto first = [&](const char* list) {
    const loyalty::json& items = j[list];
    return loyalty::json(items[std::size_t{0}]);
  };
  loyalty::json campaign = first("campaigns"), action = first("actions"), multiplier = first("multipliers");
  CHECK(campaign["starts_at"].get<std::string>() == "2026-11-26T23:00:00Z");
  CHECK(action["limits"]["cooldown_hours"].get<std::int64_t>() == 5);
  CHECK(multiplier["name"].get<std::string>() == "house");  // the name the reader gave it
}
