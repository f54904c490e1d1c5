// Win-back applied: the offer a lapsed customer holds is what the next order
// earns (bonus points) or what a redemption costs (a reward at a lower cost),
// in apply and in quote alike, once per lapse. Every figure worked by hand.
#include "helpers.h"

#include "loyalty/win_back.h"

using namespace loyalty;
using namespace test;

namespace {
// 2026-09-21T13:33:20Z
const Seconds T0 = 1790000000;

// 1 point per 1.00; 60 days without an order make a lapse; 14 days to use the offer.
Program bonus_program() {
  return program(nlohmann::json::parse(R"({"churn_days": 60, "win_back": {"valid_days": 14, "bonus_points": 200}})"));
}

Program reward_program() {
  return program(nlohmann::json::parse(R"({"rewards": [{"id": "ten-off", "name": "10 off", "kind": "fixed_discount", "cost": 500, "amount": 1000}],
    "churn_days": 60, "win_back": {"valid_days": 14, "reward_id": "ten-off", "reward_cost": 250}})"));
}

const LedgerEntry& earn_of(const Shopper& s, const std::string& order_id) {
  for (const auto& e : s.c.ledger)
    if (const auto* earn = e.as<EarnEntry>(); earn && earn->order_id == order_id) return e;
  FAIL("no earn entry for " << order_id);
  return s.c.ledger.front();
}

// The win-back lapse an earn or redeem entry names ("" for none).
std::string lapse_of(const LedgerEntry& e) {
  if (const auto* earn = e.as<EarnEntry>()) return earn->ref;
  REQUIRE(e.as<RedeemEntry>());
  return e.as<RedeemEntry>()->ref;
}

Points quoted(const Shopper& s, const Cart& c, Seconds now) {
  auto q = quote(s.p, s.c, c, now);
  INFO(q.error_text());
  REQUIRE(q.ok());
  return q.value.earn.points;
}
}  // namespace

TEST_CASE("win-back applied: the next order within the offer earns the bonus, once per lapse", "[win_back]") {
  Shopper s(bonus_program());
  const Cart ten = cart({line("a", Money{1000})});  // 10.00: 10 points
  s.apply_ok(order_event("1", ten, T0));
  // Day 61: the lapse began on day 60, so 10 + 200. The quote said the same.
  CHECK(quoted(s, ten, T0 + 61 * kDay) == 210);
  s.apply_ok(order_event("2", ten, T0 + 61 * kDay));
  const LedgerEntry& back = earn_of(s, "2");
  CHECK(back.points == 210);
  CHECK(back.as<EarnEntry>()->order_points == 210);
  CHECK(lapse_of(back) == "win_back:" + std::to_string(T0));  // the lapse it ended
  // Day 62: the lapse ended with order 2, so no bonus again.
  CHECK(quoted(s, ten, T0 + 62 * kDay) == 10);
  s.apply_ok(order_event("3", ten, T0 + 62 * kDay));
  CHECK(earn_of(s, "3").points == 10);
  CHECK(lapse_of(earn_of(s, "3")).empty());
  // A new lapse 60 days after order 3 (day 122): a new offer.
  CHECK(quoted(s, ten, T0 + 121 * kDay) == 10);
  s.apply_ok(order_event("4", ten, T0 + 123 * kDay));
  CHECK(earn_of(s, "4").points == 210);
  CHECK(lapse_of(earn_of(s, "4")) == "win_back:" + std::to_string(T0 + 62 * kDay));
}

TEST_CASE("win-back applied: the bonus is a reason of its own and a refund takes it back with the order", "[win_back]") {
  Shopper s(bonus_program());
  s.apply_ok(order_event("1", cart({line("a", Money{1000})}), T0));
  auto q = quote(s.p, s.c, cart({line("a", Money{1000})}), T0 + 61 * kDay);
  REQUIRE(q.ok());
  Points sum{};
  bool named = false;
  for (const auto& r : q.value.earn.reasons) {
    sum += r.points;
    if (r.rule_name(s.p) == "win_back") named = r.points == 200;
  }
  CHECK(sum == 210);
  CHECK(named);
  // An order that earns nothing (all gift card) does not use the offer.
  CartLine card = line("g", Money{5000});
  card.gift_card = true;
  CHECK(quoted(s, cart({card}), T0 + 61 * kDay) == 0);
  // A full refund of the returning order takes the 210 back.
  s.apply_ok(order_event("2", cart({line("a", Money{1000})}), T0 + 61 * kDay));
  s.apply_ok(refund_event("r2", "2", Money{1000}, T0 + 62 * kDay));
  CHECK(s.state(T0 + 62 * kDay).balance == 10);
}

TEST_CASE("win-back applied: the offer ends at the end of the shop's day on which valid_days run out", "[win_back][time_zone]") {
  // Bucharest (EEST, UTC+3 in April). Last order 2026-03-01T10:00Z; churn 30 days:
  // the lapse begins 2026-03-31T10:00Z; 7 days later is 2026-04-07T10:00Z, 13:00
  // local, so the offer lasts until local midnight: 2026-04-08T00:00+03:00 = 2026-04-07T21:00Z.
  nlohmann::json patch = nlohmann::json::parse(R"({"time_zone": "Europe/Bucharest", "time_zone_rule": "EET-2EEST,M3.5.0/3,M10.5.0/4",
    "churn_days": 30, "win_back": {"valid_days": 7, "bonus_points": 50}})");
  Shopper s(program(patch));
  s.apply_ok(order_event("1", cart({line("a", Money{1000})}), at("2026-03-01T10:00:00Z")));
  auto w = win_back_at(s.p, s.state(at("2026-04-01T00:00:00Z")), at("2026-04-01T00:00:00Z"));
  REQUIRE(w);
  CHECK(w->starts_at == at("2026-03-31T10:00:00Z"));
  CHECK(w->ends_at == at("2026-04-07T21:00:00Z"));
  CHECK(quoted(s, cart({line("a", Money{1000})}), at("2026-04-07T20:59:59Z")) == 60);
  CHECK(quoted(s, cart({line("a", Money{1000})}), at("2026-04-07T21:00:00Z")) == 10);
  // The same program in UTC would still have been open at 21:00Z.
  patch.erase("time_zone");
  patch.erase("time_zone_rule");
  Shopper utc(program(patch));
  utc.apply_ok(order_event("1", cart({line("a", Money{1000})}), at("2026-03-01T10:00:00Z")));
  CHECK(quoted(utc, cart({line("a", Money{1000})}), at("2026-04-07T21:00:00Z")) == 60);
  CHECK(quoted(utc, cart({line("a", Money{1000})}), at("2026-04-08T00:00:00Z")) == 10);
  // The webhook for an order placed before the end but delivered after it still earns the offer.
  Event late = order_event("2", cart({line("a", Money{1000})}), at("2026-04-07T20:00:00Z"));
  s.apply_ok(late, at("2026-04-07T22:00:00Z"));
  CHECK(earn_of(s, "2").points == 60);
}

TEST_CASE("win-back applied: a reward at a lower cost, once per lapse, in quote, /me options and redeem", "[win_back]") {
  Shopper s(reward_program());
  s.apply_ok(Event{"adj", T0, Adjust{Points{290}, "start"}});
  s.apply_ok(order_event("1", cart({line("a", Money{1000})}), T0));  // 300 points
  const Cart big = cart({line("b", Money{5000})});
  // Before the lapse: 500 points, not affordable.
  auto before = quote(s.p, s.c, big, T0 + 59 * kDay);
  REQUIRE(before.ok());
  CHECK(before.value.rewards[0].points == 500);
  CHECK_FALSE(before.value.rewards[0].affordable);
  CHECK(s.apply_fails(Event{"r0", T0 + 59 * kDay, Redeem{"ten-off", Points{0}, 1}}).size() == 1);
  // In the lapse: 250, affordable, and so say the options /me sends.
  const Seconds day61 = T0 + 61 * kDay;
  auto in = quote(s.p, s.c, big, day61);
  REQUIRE(in.ok());
  CHECK(in.value.rewards[0].points == 250);
  CHECK(in.value.rewards[0].affordable);
  CHECK(in.value.spendable == 250);
  const CustomerState st = s.state(day61);
  CHECK(st.win_back.ends_at > day61);
  auto options = redeem_options(s.p, st, day61);
  CHECK(options[0].points == 250);
  CHECK(options[0].affordable);
  // Redeemed at 250; the offer is used: the next redemption costs 500 again.
  Applied r = s.apply_ok(Event{"r1", day61, Redeem{"ten-off", Points{0}, 1}});
  REQUIRE(r.entries.size() >= 1);
  CHECK(r.entries[0].points == -250);
  CHECK(lapse_of(r.entries[0]) == "win_back:" + std::to_string(T0));
  CHECK(s.state(day61).balance == 50);
  CHECK(s.state(day61).win_back.ends_at == 0);
  s.apply_ok(Event{"adj2", day61, Adjust{Points{1000}, "more"}});
  auto again = quote(s.p, s.c, big, day61);
  REQUIRE(again.ok());
  CHECK(again.value.rewards[0].points == 500);
  Applied full = s.apply_ok(Event{"r2", day61, Redeem{"ten-off", Points{0}, 2}});
  CHECK(full.entries[0].points == -500);
  CHECK(lapse_of(full.entries[0]).empty());
  // The order that follows within the window is marked as a return (no bonus: the offer was the reward).
  s.apply_ok(order_event("2", cart({line("a", Money{1000})}), T0 + 62 * kDay));
  CHECK(earn_of(s, "2").points == 10);
  CHECK(lapse_of(earn_of(s, "2")) == "win_back:" + std::to_string(T0));
}

TEST_CASE("win-back applied: the widget's quote (quoting reader, state from JSON) equals the award", "[win_back][parity]") {
  Shopper s(bonus_program());
  s.apply_ok(order_event("1", cart({line("a", Money{1000})}), T0));
  const Seconds day61 = T0 + 61 * kDay;
  // What the server sends: the normalised program (its win_back is not read for
  // quotes) and the state as JSON, which carries the offer the customer holds.
  auto quoting = parse_program_for_quotes(dump(to_json(s.p)));
  INFO(quoting.error_text());
  REQUIRE(quoting.ok());
  const nlohmann::json sent = nlohmann::json::parse(dump(to_json(s.state(T0 + 60 * kDay + 5), s.p)));
  CHECK(sent["win_back"]["kind"].get<std::string>() == "bonus_points");
  CHECK(sent["win_back"]["bonus_points"].get<std::int64_t>() == 200);
  CHECK(sent["win_back"]["expires_at"].get<std::string>() == format_iso8601(at("2026-12-05T00:00:00Z")));
  auto state = state_from_json(core_json(sent));
  INFO(state.error_text());
  REQUIRE(state.ok());
  auto preview = quote(quoting.value, state.value, cart({line("a", Money{1000})}), day61);
  REQUIRE(preview.ok());
  CHECK(preview.value.earn.points == 210);
  s.apply_ok(order_event("2", cart({line("a", Money{1000})}), day61));
  CHECK(earn_of(s, "2").points == preview.value.earn.points);
  // A state without an offer previews none.
  auto none = state_from_json(to_json(s.state(day61), s.p));
  REQUIRE(none.ok());
  CHECK(quote(quoting.value, none.value, cart({line("a", Money{1000})}), day61).value.earn.points == 10);
}

TEST_CASE("win-back applied: the reward offer's price comes back from the state JSON into the widget's quote", "[win_back][parity]") {
  Shopper s(reward_program());
  s.apply_ok(Event{"adj", T0, Adjust{Points{290}, "start"}});
  s.apply_ok(order_event("1", cart({line("a", Money{1000})}), T0));
  const Seconds day61 = T0 + 61 * kDay;
  const nlohmann::json sent = nlohmann::json::parse(dump(to_json(s.state(day61), s.p)));
  CHECK(sent["win_back"]["kind"] == "reward");
  CHECK(sent["win_back"]["reward_id"] == "ten-off");
  CHECK(sent["win_back"]["reward_cost"] == 250);
  auto state = state_from_json(core_json(sent));
  REQUIRE(state.ok());
  auto quoting = parse_program_for_quotes(dump(to_json(s.p)));
  REQUIRE(quoting.ok());
  auto preview = quote(quoting.value, state.value, cart({line("b", Money{5000})}), day61);
  REQUIRE(preview.ok());
  CHECK(preview.value.rewards[0].points == 250);
  CHECK(preview.value.rewards[0].affordable);
  // After the offer's end the same state quotes the full price.
  auto later = quote(quoting.value, state.value, cart({line("b", Money{5000})}), T0 + 80 * kDay);
  REQUIRE(later.ok());
  CHECK(later.value.rewards[0].points == 500);
}
