// Refund lines listed twice, coupons listed twice, totals past the engine's
// limit (issue 12, items 2-4).
#include <set>

#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

const Seconds T0 = 1790000000;  // 2026-09-21

Event lines_refund(const std::string& id, const std::string& order, std::vector<RefundLine> lines, Seconds when) {
  Event f = refund_event(id, order, Money{-1}, when);
  body<Refund>(f).lines = std::move(lines);
  return f;
}

Event adjust_event(const std::string& id, Points points, Seconds when) {
  return Event{id, when, Adjust{points, "test"}};
}

}  // namespace

TEST_CASE("refund: a line listed twice in one refund counts once it reaches what was bought", "[refund]") {
  auto claw = [](std::vector<RefundLine> lines) {
    Shopper s(program(nlohmann::json::parse(R"({"earn": {"points": 3, "per_amount": 100}})")));
    s.apply_ok(order_event("1", cart({line("tee", Money{2850}, 4), line("cap", Money{1000})}), T0));
    auto r = s.apply_ok(lines_refund("f1", "1", std::move(lines), T0 + kDay));
    Points clawed{};
    std::int64_t units = 0;
    for (const auto& e : r.entries)
      if (const auto* c = e.as<ClawbackEntry>()) {
        clawed = c->order_points;
        for (const auto& l : c->lines) units += l.quantity;
      }
    return std::make_pair(clawed, units);
  };
  const auto all_four = claw({{"tee", 4}});
  CHECK(all_four.second == 4);
  const auto twice = claw({{"tee", 3}, {"tee", 3}});
  CHECK(twice.second == 4);             // never more than was bought
  CHECK(twice.first == all_four.first);  // never more points than the line earned
}

TEST_CASE("refund: a coupon code listed twice restores the redeemed points once", "[refund]") {
  Shopper s(program(nlohmann::json::parse(R"({"rewards": [
      {"id": "r500", "name": "500 off", "kind": "fixed_discount", "cost": 500, "amount": 500}]})")));
  s.apply_ok(order_event("1", cart({line("a", Money{110000})}), T0));  // 1100
  const Event w{"w1", T0 + kDay, Redeem{"r500", Points{0}, 7}};
  const std::string code = s.apply_ok(w).coupon_code;
  Cart used = cart({line("b", Money{1})});
  used.coupon_codes = {code, code};
  s.apply_ok(order_event("2", used, T0 + 2 * kDay));
  CHECK(s.state(T0 + 2 * kDay).balance == 600);
  auto r = s.apply_ok(refund_event("f1", "2", Money{1}, T0 + 3 * kDay));
  std::set<std::string> keys;
  for (const auto& e : s.c.ledger) CHECK(keys.insert(e.key).second);
  CHECK(s.state(T0 + 3 * kDay).balance == 1100);
}

TEST_CASE("limits: a total past the engine's maximum is refused, not clamped", "[limits]") {
  Shopper s(program());
  s.apply_ok(adjust_event("a1", Points{kMaxAmount}, T0));
  auto errors = s.apply_fails(adjust_event("a2", Points{1}, T0 + 1));
  CHECK(has_error(errors, "", "1000000000000000"));
  CHECK(s.state(T0 + 1).balance == kMaxAmount);

  // A ledger written elsewhere that passes it: state refuses instead of reporting a wrapped or clamped number.
  Customer c = s.c;
  LedgerEntry extra = c.ledger.back();
  extra.key = "adjust:a3";
  extra.event_id = "a3";
  extra.points = Points{5};
  c.ledger.push_back(extra);
  auto st = checked_state_at(s.p, c.profile, view_of(c.ledger), T0 + 2);
  REQUIRE_FALSE(st.ok());
  CHECK(has_error(st.errors, "/ledger", "1000000000000000"));
  CHECK_FALSE(quote(s.p, c, cart({line("a", Money{100})}), T0 + 2).ok());
  // What apply wrote, the storefront's parser reads back.
  auto ok = checked_state_at(s.p, s.c.profile, view_of(s.c.ledger), T0 + 2);
  REQUIRE(ok.ok());
  CHECK(state_from_json(core_json(nlohmann::json::parse(dump(to_json(ok.value, s.p))))).ok());
}
