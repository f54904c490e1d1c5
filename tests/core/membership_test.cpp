#include "helpers.h"

using namespace loyalty;
using namespace test;

TEST_CASE("membership: a paid plan multiplies points and gives its join bonus once", "[membership]") {
  Shopper s(example("premium-membership"));
  const Seconds t = at("2026-06-01T12:00:00Z");
  const Event join{"join", t, MembershipStarted{"plus-monthly", t + 30 * kDay}};
  auto joined = s.apply_ok(join);
  CHECK(s.state(t).membership == "plus-monthly");
  CHECK(s.state(t).pending == 0);
  CHECK(s.state(t).balance == 1000);
  Cart c = cart({line("socks", Money{5000})});
  Customer& cu = s.c;
  auto q = quote(s.p, cu, c, t + kDay);
  REQUIRE(q.ok());
  CHECK(q.value.earn.points == 150);  // 2 per dollar x 1.5
  CHECK(q.value.nudges.empty());      // members ship free: no free-shipping nudge
  // Renewal: no second join bonus.
  const Event renew{"renew", t + 30 * kDay, MembershipStarted{"plus-monthly", t + 60 * kDay}};
  CHECK(s.apply_ok(renew).entries.size() == 1);
  // Lapsed after the paid period.
  CHECK(s.state(t + 60 * kDay).membership == "");
  auto lapsed = quote(s.p, cu, c, t + 61 * kDay);
  REQUIRE(lapsed.ok());
  CHECK(lapsed.value.earn.points == 100);
  REQUIRE(lapsed.value.nudges.size() == 1);
  CHECK(lapsed.value.nudges[0].kind == "free_shipping");
  CHECK(lapsed.value.nudges[0].amount == 4900);
}

TEST_CASE("membership: ending a plan stops its multiplier now", "[membership]") {
  Shopper s(example("premium-membership"));
  const Event join{"join", 1000, MembershipStarted{"plus-annual", 1000 + 365 * kDay}};
  s.apply_ok(join);
  const Event end{"end", 2000, MembershipEnded{"plus-annual"}};
  s.apply_ok(end);
  CHECK(s.state(2000).membership == "");
  CHECK(s.apply_ok(end).duplicate);  // the same event again is a duplicate, not an error
  Event again = end;
  again.id = "end-again";
  CHECK(has_error(s.apply_fails(again), "/plan_id", "not a member"));
}

TEST_CASE("partners: coalition exchange in both directions at the stated rate", "[membership]") {
  Shopper s(example("premium-membership"));
  Event in{"x1", 1000, PartnerExchange{"summit-air", true, Points{601}}};  // 3 of theirs = 2 of ours: 400.67 -> 400
  s.apply_ok(in);
  CHECK(s.state(1000).balance == 400);
  Event out{"x2", 1000, PartnerExchange{"summit-air", false, Points{500}}};
  CHECK(has_error(s.apply_fails(out), "/points", "more than the balance"));
  body<PartnerExchange>(out).points = Points{301};
  auto sent = s.apply_ok(out);
  CHECK(sent.entries[0].as<ExchangeEntry>()->value == 451);  // partner points delivered: 301 x 3 / 2 = 451.5 -> 451
  CHECK(s.state(1000).balance == 99);
  in.id = "x3";
  body<PartnerExchange>(in).points = Points{299};
  CHECK(has_error(s.apply_fails(in), "/points", "at least 300"));
}

TEST_CASE("churn: no order in N days flags the customer", "[membership]") {
  Shopper s(example("coffee-shop"));
  s.apply_ok(order_event("1", cart({line("latte", Money{450})}), 1000));
  CHECK_FALSE(s.state(1000 + 45 * kDay - 1).churn_risk);
  CHECK(s.state(1000 + 45 * kDay).churn_risk);
}
