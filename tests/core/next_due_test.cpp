// next_due_at(): when the timer must next look at a customer. The server
// stores it per customer; apply() returns the same after its new entries.
#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {
const Seconds T0 = 1790000000;  // 2026-09-21T14:13:20Z

Seconds next_due(const Shopper& s, Seconds now) { return next_due_at(s.p, s.c.profile, view_of(s.c.ledger), now); }
}  // namespace

TEST_CASE("next due: pending points are due when they mature, then nothing", "[next_due]") {
  Shopper s(program(nlohmann::json::parse(R"({"lifecycle": {"pending_days": 14}})")));
  CHECK(next_due(s, T0) == kNoDueTime);
  const Applied a = s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  CHECK(a.next_due == T0 + 14 * kDay);
  CHECK(next_due(s, T0 + kDay) == T0 + 14 * kDay);
  // Past it and not written yet: owed since it matured.
  CHECK(next_due(s, T0 + 15 * kDay) == T0 + 14 * kDay);
  // Once a tick wrote it, nothing more is to come.
  CHECK(s.apply_ok(tick_event("tick", T0 + 15 * kDay)).next_due == kNoDueTime);
  CHECK(next_due(s, T0 + 16 * kDay) == kNoDueTime);
}

TEST_CASE("next due: points expire after earning; the soonest lot first", "[next_due]") {
  Shopper s(program(nlohmann::json::parse(R"({"lifecycle": {"expiry": "after_earning", "expiry_days": 30}})")));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  const Applied b = s.apply_ok(order_event("2", cart({line("a", Money{10000})}), T0 + 5 * kDay));
  CHECK(b.next_due == T0 + 30 * kDay);
  CHECK(next_due(s, T0 + 31 * kDay) == T0 + 30 * kDay);  // the first lot's expiry is owed, not written
  CHECK(s.apply_ok(tick_event("tick", T0 + 31 * kDay)).next_due == T0 + 35 * kDay);
  CHECK(next_due(s, T0 + 31 * kDay) == T0 + 35 * kDay);
}

TEST_CASE("next due: the balance expires after inactivity", "[next_due]") {
  Shopper s(program(nlohmann::json::parse(R"({"lifecycle": {"expiry": "after_inactivity", "expiry_days": 90}})")));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  CHECK(next_due(s, T0 + kDay) == T0 + 90 * kDay);
}

TEST_CASE("next due: the next shop-local birthday, only when the program rewards it", "[next_due]") {
  Shopper plain(program(nlohmann::json::parse(R"({"utc_offset_minutes": 60})")));
  plain.c.profile.birthday = CivilDate{1990, 3, 15};
  CHECK(next_due(plain, T0) == kNoDueTime);

  Shopper s(program(nlohmann::json::parse(R"({"utc_offset_minutes": 60, "actions": [{"type": "birthday", "points": 100}]})")));
  s.c.profile.birthday = CivilDate{1990, 3, 15};
  CHECK(next_due(s, T0) == at("2027-03-14T23:00:00Z"));  // this year's is past: next year's, local midnight
  s.c.profile.birthday = CivilDate{1990, 12, 1};
  CHECK(next_due(s, T0) == at("2026-11-30T23:00:00Z"));
  // A birthday already due and unpaid (within the grace) is owed since its local midnight.
  CHECK(next_due(s, at("2026-12-03T12:00:00Z")) == at("2026-11-30T23:00:00Z"));
}
