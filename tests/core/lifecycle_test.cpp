#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

const Seconds T0 = 1790000000;  // 2026-09-21

Program lifecycle_program(const char* lifecycle, const char* extra = "{}") {
  nlohmann::json patch = nlohmann::json::parse(R"({"rewards": [
      {"id": "r100", "name": "100 points off", "kind": "fixed_discount", "cost": 100, "amount": 500},
      {"id": "r120", "name": "120 points off", "kind": "fixed_discount", "cost": 120, "amount": 600}]})");
  patch["lifecycle"] = nlohmann::json::parse(lifecycle);
  patch.merge_patch(nlohmann::json::parse(extra));
  return program(patch);
}

Event redeem_event(const std::string& id, const std::string& reward, Seconds when) {
  return Event{id, when, Redeem{reward, Points{0}, 99}};
}

}  // namespace

TEST_CASE("lifecycle: pending points mature at exactly the end of the window", "[lifecycle]") {
  Shopper s(lifecycle_program(R"({"pending_days": 14})"));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  CHECK(s.state(T0).pending == 100);
  CHECK(s.state(T0 + 14 * kDay - 1).balance == 0);
  CHECK(s.state(T0 + 14 * kDay - 1).pending == 100);
  CHECK(s.state(T0 + 14 * kDay).balance == 100);
  CHECK(s.state(T0 + 14 * kDay).pending == 0);
  // A tick writes the maturing once; a second tick writes nothing.
  auto first = s.apply_ok(tick_event("tick-1", T0 + 20 * kDay));
  REQUIRE(first.entries.size() == 1);
  CHECK(first.entries[0].type() == EntryType::Mature);
  CHECK(first.entries[0].at == T0 + 14 * kDay);
  CHECK(s.apply_ok(tick_event("tick-2", T0 + 21 * kDay)).entries.empty());
  CHECK(s.sum_points() == 100);
}

TEST_CASE("lifecycle: points are spent and expire oldest first", "[lifecycle]") {
  Shopper s(lifecycle_program(R"({"expiry": "after_earning", "expiry_days": 365})"));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));            // 100, expires T0+365d
  s.apply_ok(order_event("2", cart({line("a", Money{5000})}), T0 + 100 * kDay));  // 50, expires T0+465d
  s.apply_ok(redeem_event("w1", "r120", T0 + 200 * kDay));                // takes 100 old + 20 new
  CHECK(s.state(T0 + 365 * kDay).balance == 30);
  CHECK(s.state(T0 + 365 * kDay).expired == 0);
  CHECK(s.state(T0 + 365 * kDay).next_expiry_at == T0 + 465 * kDay);
  CHECK(s.state(T0 + 465 * kDay - 1).balance == 30);
  CHECK(s.state(T0 + 465 * kDay).balance == 0);
  CHECK(s.state(T0 + 465 * kDay).expired == 30);
}

TEST_CASE("lifecycle: without a redemption the oldest lot expires first, alone", "[lifecycle]") {
  Shopper s(lifecycle_program(R"({"expiry": "after_earning", "expiry_days": 30})"));
  s.apply_ok(order_event("1", cart({line("a", Money{1000})}), T0));
  s.apply_ok(order_event("2", cart({line("a", Money{2000})}), T0 + 10 * kDay));
  auto tick = s.apply_ok(tick_event("t", T0 + 35 * kDay));
  REQUIRE(tick.entries.size() == 1);
  CHECK(tick.entries[0].type() == EntryType::Expire);
  CHECK(tick.entries[0].points == -10);
  CHECK(s.state(T0 + 35 * kDay).balance == 20);
}

TEST_CASE("lifecycle: inactivity expiry takes the whole balance, activity resets the clock", "[lifecycle]") {
  Shopper s(lifecycle_program(R"({"expiry": "after_inactivity", "expiry_days": 90})"));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  s.apply_ok(order_event("2", cart({line("a", Money{1000})}), T0 + 80 * kDay));
  CHECK(s.state(T0 + 169 * kDay).balance == 110);
  CHECK(s.state(T0 + 170 * kDay).balance == 0);
  CHECK(s.state(T0 + 170 * kDay).expired == 110);
}

TEST_CASE("lifecycle: partial and full refunds claw back in proportion, once", "[lifecycle]") {
  Shopper s(lifecycle_program("{}"));
  s.apply_ok(order_event("1", cart({line("a", Money{6000}), line("b", Money{4000})}), T0));
  CHECK(s.state(T0).balance == 100);
  auto r1 = s.apply_ok(refund_event("f1", "1", Money{2500}, T0 + kDay));
  CHECK(s.state(T0 + kDay).balance == 75);
  CHECK(r1.entries[0].type() == EntryType::Clawback);
  CHECK(s.apply_ok(refund_event("f1", "1", Money{2500}, T0 + kDay)).duplicate);  // same refund replayed
  Event again = refund_event("f1", "1", Money{2500}, T0 + kDay);
  again.id = "other-webhook-id";
  CHECK(s.apply_ok(again).duplicate);  // same refund under another delivery id
  s.apply_ok(refund_event("f2", "1", Money{7500}, T0 + 2 * kDay));
  CHECK(s.state(T0 + 2 * kDay).balance == 0);
  s.apply_ok(refund_event("f3", "1", Money{100}, T0 + 3 * kDay));  // nothing left to refund
  CHECK(s.state(T0 + 3 * kDay).balance == 0);
  CHECK(s.state(T0 + 3 * kDay).clawed_back == 100);
}

TEST_CASE("lifecycle: refunding lines one unit at a time claws every point back", "[lifecycle]") {
  Shopper s(lifecycle_program("{}"));
  s.apply_ok(order_event("1", cart({line("a", Money{3333}, 3)}), T0));  // 99.99 -> 99 points
  for (int i = 0; i < 3; ++i) {
    Event f = refund_event("f" + std::to_string(i), "1", Money{-1}, T0 + kDay);
    body<Refund>(f).lines = {{"a", 1}};
    s.apply_ok(f);
  }
  CHECK(s.state(T0 + kDay).balance == 0);
  Event extra = refund_event("f9", "1", Money{-1}, T0 + kDay);
  body<Refund>(extra).lines = {{"a", 1}};
  s.apply_ok(extra);
  CHECK(s.state(T0 + kDay).balance == 0);
  Event unknown = refund_event("f10", "1", Money{-1}, T0 + kDay);
  body<Refund>(unknown).lines = {{"zz", 1}};
  CHECK(has_error(s.apply_fails(unknown), "/refund/lines/0/line_id"));
}

TEST_CASE("lifecycle: a refund while points are pending takes them from pending", "[lifecycle]") {
  Shopper s(lifecycle_program(R"({"pending_days": 30})"));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  s.apply_ok(refund_event("f1", "1", Money{4000}, T0 + 5 * kDay));
  CHECK(s.state(T0 + 5 * kDay).pending == 60);
  CHECK(s.state(T0 + 30 * kDay).balance == 60);
  CHECK(s.state(T0 + 30 * kDay).pending == 0);
}

TEST_CASE("lifecycle: refund after the points were spent, hold-as-pending policy", "[lifecycle]") {
  Shopper s(lifecycle_program(R"({"negative_balance": "hold_as_pending"})"));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  s.apply_ok(redeem_event("w1", "r100", T0 + kDay));
  s.apply_ok(refund_event("f1", "1", Money{10000}, T0 + 2 * kDay));
  CustomerState st = s.state(T0 + 2 * kDay);
  CHECK(st.balance == 0);     // never negative
  CHECK(st.pending == -100);  // held against future points
  s.apply_ok(order_event("2", cart({line("a", Money{15000})}), T0 + 3 * kDay));
  st = s.state(T0 + 3 * kDay);
  CHECK(st.balance == 50);
  CHECK(st.pending == 0);
  CHECK(s.sum_points() == 50);
}

TEST_CASE("lifecycle: refund after the points were spent, allow-debt policy", "[lifecycle]") {
  Shopper s(lifecycle_program(R"({"negative_balance": "allow_debt"})"));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  s.apply_ok(redeem_event("w1", "r100", T0 + kDay));
  s.apply_ok(refund_event("f1", "1", Money{10000}, T0 + 2 * kDay));
  CHECK(s.state(T0 + 2 * kDay).balance == -100);
  CHECK(has_error(s.apply_fails(redeem_event("w2", "r100", T0 + 2 * kDay)), "/reward_id", "balance is -100"));
  s.apply_ok(order_event("2", cart({line("a", Money{15000})}), T0 + 3 * kDay));
  CHECK(s.state(T0 + 3 * kDay).balance == 50);
}

TEST_CASE("lifecycle: points redeemed on a refunded order come back once", "[lifecycle]") {
  Shopper s(lifecycle_program("{}"));
  s.apply_ok(order_event("1", cart({line("a", Money{20000})}), T0));  // 200
  auto w = s.apply_ok(redeem_event("w1", "r100", T0 + kDay));
  const std::string code = w.coupon_code;
  REQUIRE_FALSE(code.empty());
  Cart used = cart({line("b", Money{4000})});
  used.coupon_codes = {code};
  s.apply_ok(order_event("2", used, T0 + 2 * kDay));  // 40
  CHECK(s.state(T0 + 2 * kDay).balance == 140);
  s.apply_ok(refund_event("f1", "2", Money{4000}, T0 + 3 * kDay));
  CHECK(s.state(T0 + 3 * kDay).balance == 200);  // 100 back, 40 clawed
  s.apply_ok(refund_event("f2", "2", Money{4000}, T0 + 4 * kDay));
  CHECK(s.state(T0 + 4 * kDay).balance == 200);  // not twice
}

TEST_CASE("lifecycle: clawback uses the version that awarded, not today's rules", "[lifecycle]") {
  Shopper s(lifecycle_program("{}"));
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  REQUIRE(s.c.ledger.back().program_version == 1);
  s.p = lifecycle_program("{}", R"({"version": 2, "earn": {"points": 5}})");
  s.apply_ok(refund_event("f1", "1", Money{5000}, T0 + kDay));
  CHECK(s.state(T0 + kDay).balance == 50);
  CHECK(s.c.ledger.back().program_version == 2);
  CHECK(s.c.ledger.front().program_version == 1);  // old entries unchanged
}

TEST_CASE("lifecycle: the same event twice adds nothing; the same order twice neither", "[lifecycle]") {
  Shopper s(lifecycle_program("{}"));
  Event e = order_event("1", cart({line("a", Money{10000})}), T0);
  CHECK(s.apply_ok(e).entries.size() == 1);
  auto again = s.apply_ok(e);
  CHECK(again.duplicate);
  CHECK(again.entries.empty());
  Event other_delivery = e;
  other_delivery.id = "another-webhook";
  CHECK(s.apply_ok(other_delivery).duplicate);
  CHECK(s.state(T0).balance == 100);
}

TEST_CASE("lifecycle: redemptions never overdraw and adjustments never go below zero", "[lifecycle]") {
  Shopper s(lifecycle_program("{}"));
  s.apply_ok(order_event("1", cart({line("a", Money{11000})}), T0));
  s.apply_ok(redeem_event("w1", "r100", T0));
  CHECK(has_error(s.apply_fails(redeem_event("w2", "r100", T0)), "/reward_id", "needs 100 points"));
  CHECK(has_error(s.apply_fails(redeem_event("w3", "nope", T0)), "/reward_id", "no reward"));
  Event adj{"a1", T0, Adjust{Points{-11}, "goodwill reversal"}};
  CHECK(has_error(s.apply_fails(adj), "/points", "below zero"));
  body<Adjust>(adj).points = Points{-10};
  s.apply_ok(adj);
  CHECK(s.state(T0).balance == 0);
}

TEST_CASE("lifecycle: events from the future are refused", "[lifecycle]") {
  Shopper s(lifecycle_program("{}"));
  CHECK(has_error(s.apply_fails(order_event("1", cart({line("a", Money{100})}), T0 + 3600), T0), "/at"));
}
