#include "helpers.h"

using namespace loyalty;
using namespace test;

TEST_CASE("actions: per-day and per-month limits in the shop's local calendar", "[actions]") {
  Shopper s(program(nlohmann::json::parse(R"({"utc_offset_minutes": -300,
      "actions": [{"type": "review", "points": 50, "limits": {"per_day": 1, "per_month": 2}}]})")));
  const Seconds day1 = at("2026-11-10T15:00:00Z");
  s.apply_ok(action_event("r1", "review", day1));
  auto errors = s.apply_fails(action_event("r2", "review", day1 + 3600));
  CHECK(has_error(errors, "/action", "2026-11-11T05:00:00Z"));  // local midnight in New York
  s.apply_ok(action_event("r3", "review", at("2026-11-11T05:00:00Z")));
  CHECK(has_error(s.apply_fails(action_event("r4", "review", at("2026-11-20T12:00:00Z"))), "/action", "2026-12-01T05:00:00Z"));
  s.apply_ok(action_event("r5", "review", at("2026-12-01T05:00:00Z")));
  CHECK(s.state(at("2026-12-01T06:00:00Z")).balance == 150);
  const ActionUsage u = s.state(at("2026-12-01T06:00:00Z")).actions[0];
  CHECK(u.today == 1);
  CHECK(u.this_month == 1);
  CHECK(u.lifetime == 3);
}

TEST_CASE("actions: lifetime limit and cooldown", "[actions]") {
  Shopper s(program(nlohmann::json::parse(R"({"actions": [
      {"type": "social_follow", "points": 25, "self_claimed": true, "limits": {"lifetime": 1}},
      {"type": "social_share", "points": 10, "self_claimed": true, "limits": {"cooldown_hours": 12}}]})")));
  const Seconds t = at("2026-05-01T08:00:00Z");
  s.apply_ok(action_event("f1", "social_follow", t));
  CHECK(has_error(s.apply_fails(action_event("f2", "social_follow", t + 400 * kDay)), "/action", "lifetime limit of 1"));
  s.apply_ok(action_event("s1", "social_share", t));
  s.apply_fails(action_event("s2", "social_share", t + 12 * 3600 - 1));
  s.apply_ok(action_event("s3", "social_share", t + 12 * 3600));
  CHECK(s.state(t + kDay).balance == 45);
  CHECK(s.state(t + kDay).actions[0].exhausted);
}

TEST_CASE("actions: unknown or program-awarded actions cannot be claimed", "[actions]") {
  Shopper s(program(nlohmann::json::parse(R"({"actions": [{"type": "birthday", "points": 100}]})")));
  CHECK(has_error(s.apply_fails(action_event("x", "review", 0)), "/action", "no action"));
  CHECK(has_error(s.apply_fails(action_event("y", "birthday", 0)), "/action", "awarded by the program"));
}

TEST_CASE("actions: birthday points come on the shop-local birthday, once a year", "[actions]") {
  Shopper s(program(nlohmann::json::parse(R"({"utc_offset_minutes": 60, "actions": [{"type": "birthday", "points": 100}]})")));
  s.c.profile.birthday = CivilDate{1990, 3, 15};
  s.c.profile.created_at = at("2025-01-01T00:00:00Z");
  CHECK(s.state(at("2026-03-14T22:59:59Z")).balance == 0);
  CHECK(s.state(at("2026-03-14T23:00:00Z")).balance == 100);  // midnight in UTC+1
  auto tick = s.apply_ok(tick_event("t1", at("2026-03-20T00:00:00Z")));
  REQUIRE(tick.entries.size() == 1);
  CHECK(tick.entries[0].key == "birthday:2026");
  CHECK(s.apply_ok(tick_event("t2", at("2026-03-21T00:00:00Z"))).entries.empty());
  CHECK(s.state(at("2027-03-15T00:00:00Z")).balance == 200);
}

TEST_CASE("actions: a leap-day birthday is celebrated on Feb 28 in other years", "[actions]") {
  Shopper s(program(nlohmann::json::parse(R"({"actions": [{"type": "birthday", "points": 100}]})")));
  s.c.profile.birthday = CivilDate{2000, 2, 29};
  CHECK(s.state(at("2027-02-28T00:00:00Z")).balance == 100);
  CHECK(s.state(at("2027-02-27T23:59:59Z")).balance == 0);
}

TEST_CASE("actions: signup bonus once", "[actions]") {
  Shopper s(program(nlohmann::json::parse(R"({"actions": [{"type": "signup", "points": 100}]})")));
  s.apply_ok(Event{"c1", 1000, CustomerCreated{}});
  CHECK(s.apply_ok(Event{"c2", 2000, CustomerCreated{}}).duplicate);
  CHECK(s.state(3000).balance == 100);
}
