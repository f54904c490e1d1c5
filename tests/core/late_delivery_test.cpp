// Webhooks arrive late and out of order: the order's own time decides what it
// earns, however late it is booked (issue 12, item 1).
#include "helpers.h"

using namespace loyalty;
using namespace test;

TEST_CASE("late order: a campaign live when the shopper paid applies, booked after it ended", "[late]") {
  // Double points until local midnight in Bucharest (UTC+2 in winter).
  Shopper s(program(nlohmann::json::parse(R"({"utc_offset_minutes": 120,
      "campaigns": [{"id": "double", "starts_at": "2026-11-27T00:00:00+02:00", "ends_at": "2026-11-28T00:00:00+02:00", "percent": 200}],
      "actions": [{"type": "review", "points": 5}]})")));
  const Seconds paid = at("2026-11-27T23:30:00+02:00");
  const Seconds later = at("2026-11-28T00:30:00+02:00");
  s.apply_ok(action_event("rev-1", "review", later), later);
  // The order's webhook comes an hour after the review was booked.
  auto r = s.apply_ok(order_event("1", cart({line("a", Money{10000})}), paid), later + 3600);
  REQUIRE(r.entries.size() == 1);
  CHECK(r.entries[0].points == 200);              // what the preview at checkout said
  CHECK(r.entries[0].at == later);                // booked in ledger order...
  CHECK(r.entries[0].happened_at() == paid);      // ...with the time it was placed
  // Both times survive a round trip through JSON.
  auto back = entry_from_json(to_json(r.entries[0]));
  REQUIRE(back.ok());
  CHECK(back.value.at == later);
  CHECK(back.value.happened_at() == paid);
}

TEST_CASE("late order: pending points mature pending_days after the order, not after the booking", "[late]") {
  Shopper s(program(nlohmann::json::parse(R"({"lifecycle": {"pending_days": 14}, "actions": [{"type": "review", "points": 5}]})")));
  const Seconds paid = at("2026-03-01T10:00:00Z");
  const Seconds booked = paid + 2 * kDay;
  s.apply_ok(action_event("rev-1", "review", booked), booked);
  auto r = s.apply_ok(order_event("1", cart({line("a", Money{10000})}), paid), booked);
  REQUIRE(r.entries.size() == 1);
  CHECK(r.entries[0].matures_at == paid + 14 * kDay);
  CHECK(s.state(paid + 14 * kDay - 1).pending == 100);
  CHECK(s.state(paid + 14 * kDay).balance == 105);
}

TEST_CASE("late order: the tier multiplier is the tier held when the order was placed", "[late]") {
  // Calendar-year tiers: gold in 2026 by points earned in 2026, gone on 1 January.
  Shopper s(program(nlohmann::json::parse(R"({"tier_rules": {"basis": "points_earned", "window": "calendar_year"},
      "tiers": [{"id": "gold", "name": "Gold", "threshold": 100, "multiplier_percent": 200}],
      "actions": [{"type": "review", "points": 5}]})")));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), at("2026-06-01T12:00:00Z")));  // 100: gold
  const Seconds paid = at("2026-12-31T23:00:00Z");
  const Seconds new_year = at("2027-01-01T01:00:00Z");
  s.apply_ok(action_event("rev-1", "review", new_year), new_year);
  auto r = s.apply_ok(order_event("2", cart({line("a", Money{5000})}), paid), new_year);
  Points earned{};
  for (const auto& e : r.entries)
    if (e.type() == EntryType::Earn) earned = e.points;
  CHECK(earned == 100);  // 50 x gold's 200 %
}

TEST_CASE("late action: per-day limits count the day the action happened", "[late]") {
  Shopper s(program(nlohmann::json::parse(R"({"actions": [{"type": "review", "points": 50, "limits": {"per_day": 1}}]})")));
  const Seconds day2 = at("2026-05-02T10:00:00Z");
  s.apply_ok(action_event("r-day2", "review", day2), day2);
  // A review written on day 1, delivered after day 2's: day 1 had none.
  s.apply_ok(action_event("r-day1", "review", at("2026-05-01T20:00:00Z")), day2 + 60);
  // Another one on day 2, delivered late too: day 2 already had one.
  CHECK(has_error(s.apply_fails(action_event("r-day2b", "review", at("2026-05-02T09:00:00Z")), day2 + 120), "/action"));
  CHECK(s.state(day2 + 120).balance == 100);
}
