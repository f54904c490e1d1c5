#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

const Seconds T0 = 1773144000;  // 2026-03-10T12:00:00Z

Program tier_program(const char* rules) {
  nlohmann::json patch = nlohmann::json::parse(R"({"tiers": [
      {"id": "silver", "name": "Silver", "threshold": 100, "multiplier_percent": 125, "entry_reward": 10},
      {"id": "gold", "name": "Gold", "threshold": 500, "multiplier_percent": 200, "entry_reward": 50}]})");
  patch["tier_rules"] = nlohmann::json::parse(rules);
  return program(patch);
}

std::vector<EntryType> types(const Applied& a) {
  std::vector<EntryType> out;
  for (const auto& e : a.entries) out.push_back(e.type());
  return out;
}

}  // namespace

TEST_CASE("tiers: rolling 12 months, up and down at the window edge", "[tiers]") {
  Shopper s(tier_program(R"({"basis": "points_earned", "window": "rolling_12_months"})"));
  s.apply_ok(order_event("1", cart({line("a", Money{60000})}), T0));
  const Seconds year_later = add_local_years(T0, 1, 0);
  CHECK(s.state(T0 - 1).tier.current == "");
  CHECK(s.state(T0).tier.current == "gold");
  CHECK(s.state(year_later - 1).tier.current == "gold");
  CHECK(s.state(year_later).tier.current == "");  // earned exactly a year ago: out of the window
}

TEST_CASE("tiers: retention keeps a tier for the stated days after it stops qualifying", "[tiers]") {
  Shopper s(tier_program(R"({"basis": "points_earned", "window": "rolling_12_months", "retention_days": 30})"));
  s.apply_ok(order_event("1", cart({line("a", Money{60000})}), T0));
  const Seconds year_later = add_local_years(T0, 1, 0);
  CHECK(s.state(year_later).tier.current == "gold");
  CHECK(s.state(year_later + 30 * kDay - 1).tier.current == "gold");
  CHECK(s.state(year_later + 30 * kDay).tier.current == "");
}

TEST_CASE("tiers: calendar year by spend resets at the shop's local new year", "[tiers]") {
  Program p = tier_program(R"({"basis": "amount_spent", "window": "calendar_year"})");
  p.zone = TimeZone(120);
  Shopper s(p);
  // 31 Dec 22:30 local (UTC+2) is 20:30Z.
  s.apply_ok(order_event("1", cart({line("a", Money{200})}), at("2026-12-31T20:30:00Z")));
  CHECK(s.state(at("2026-12-31T21:59:59Z")).tier.current == "silver");
  CHECK(s.state(at("2026-12-31T22:00:00Z")).tier.current == "");
  CHECK(s.state(at("2026-12-31T22:00:00Z")).tier.next == "silver");
  CHECK(s.state(at("2026-12-31T22:00:00Z")).tier.remaining == 100);
}

TEST_CASE("tiers: reaching a tier writes the change and its entry reward once", "[tiers]") {
  Shopper s(tier_program(R"({"basis": "points_earned", "window": "rolling_12_months"})"));
  auto first = s.apply_ok(order_event("1", cart({line("a", Money{15000})}), T0));
  CHECK(types(first) == std::vector<EntryType>{EntryType::Earn, EntryType::TierChange, EntryType::TierReward});
  CHECK(first.entries[0].points == 150);  // this order at the base rate: the tier counts from the next order
  CHECK(first.entries[2].points == 10);
  // Silver now: 125% on the next order.
  auto second = s.apply_ok(order_event("2", cart({line("a", Money{10000})}), T0 + kDay));
  CHECK(second.entries[0].points == 125);
  // Falls out a year later (tick records it), climbs back: no second entry reward.
  auto down = s.apply_ok(tick_event("tick", add_local_years(T0 + kDay, 1, 0)));
  REQUIRE(down.entries.size() == 1);
  CHECK(down.entries[0].type() == EntryType::TierChange);
  CHECK(down.entries[0].as<TierChangeEntry>()->tier == "");
  auto back = s.apply_ok(order_event("3", cart({line("a", Money{15000})}), add_local_years(T0, 1, 0) + 2 * kDay));
  CHECK(types(back) == std::vector<EntryType>{EntryType::Earn, EntryType::TierChange});
}

TEST_CASE("tiers: progress says what is left to the next tier", "[tiers]") {
  Shopper s(tier_program(R"({"basis": "points_earned"})"));
  s.apply_ok(order_event("1", cart({line("a", Money{20000})}), T0));
  TierProgress t = s.state(T0).tier;
  CHECK(t.current == "silver");
  CHECK(t.next == "gold");
  CHECK(t.value == 200);  // entry rewards do not count toward tiers
  CHECK(t.remaining == 300);
}

TEST_CASE("tiers: refunds lower the qualifying value", "[tiers]") {
  Shopper s(tier_program(R"({"basis": "amount_spent"})"));
  s.apply_ok(order_event("1", cart({line("a", Money{150})}), T0));
  CHECK(s.state(T0).tier.current == "silver");
  s.apply_ok(refund_event("f1", "1", Money{100}, T0 + kDay));
  CHECK(s.state(T0 + kDay).tier.current == "");
}
