#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

Program rewards_program() {
  return program(nlohmann::json::parse(R"({
    "free_shipping_threshold": 5000,
    "rewards": [
      {"id": "fixed", "name": "5 off", "kind": "fixed_discount", "cost": 500, "amount": 500, "min_order": 2000},
      {"id": "pct", "name": "10% off", "kind": "percent_discount", "cost": 800, "percent": 10, "max_amount": 300},
      {"id": "ship", "name": "Free shipping", "kind": "free_shipping", "cost": 300},
      {"id": "socks", "name": "Free socks", "kind": "free_product", "cost": 900, "product_id": "socks", "product_value": 1200},
      {"id": "var", "name": "Points off", "kind": "variable", "points_step": 100, "amount_per_step": 100, "min_points": 200, "max_points": 1000},
      {"id": "credit", "name": "Store credit", "kind": "cashback", "cost": 1000, "amount": 800},
      {"id": "vip", "name": "VIP 20%", "kind": "percent_discount", "cost": 100, "percent": 20, "tiers": ["gold"]}],
    "tier_rules": {"basis": "amount_spent"},
    "tiers": [{"id": "gold", "name": "Gold", "threshold": 100000}]})"));
}

const RewardOption& option(const Quote& q, const std::string& id) {
  for (const auto& o : q.rewards)
    if (o.reward_id == id) return o;
  FAIL("no option " << id);
  return q.rewards.front();
}

const RewardOption& find_option(const std::vector<RewardOption>& os, const std::string& id) {
  for (const auto& o : os)
    if (o.reward_id == id) return o;
  FAIL("no option " << id);
  return os.front();
}

// A quote of one line at `price` and `shipping` for a customer in state `s`.
Quote quote_of(const Program& p, const CustomerState& s, Money price, Money shipping) {
  Cart c = cart({line("a", price)});
  c.shipping = shipping;
  auto q = quote(p, s, c, 0);
  REQUIRE(q.ok());
  return q.value;
}

}  // namespace

TEST_CASE("rewards: every kind says what it saves on this cart, and why not when it cannot", "[rewards]") {
  Program p = rewards_program();
  CustomerState s;
  s.balance = Points{950};
  Cart c = cart({line("a", Money{4000})});
  c.shipping = Money{699};
  auto q = quote(p, s, c, 0);
  REQUIRE(q.ok());
  CHECK(option(q.value, "fixed").value == 500);
  CHECK(option(q.value, "fixed").affordable);
  CHECK(option(q.value, "pct").value == 300);  // 10% of 40.00 capped at 3.00
  CHECK(option(q.value, "ship").value == 699);
  CHECK(option(q.value, "socks").value == 1200);
  CHECK(option(q.value, "var").points == 900);  // steps of 100 up to the balance
  CHECK(option(q.value, "var").value == 900);
  CHECK(option(q.value, "credit").reason == "balance");
  CHECK(option(q.value, "vip").reason == "tier");
  // The best use of points on this cart (cashback is credit for later, not money off now).
  CHECK(q.value.spendable == 900);
  CHECK(q.value.spendable_saves == 1200);
  CHECK(q.value.spendable_reward == "socks");  // the reward the cart offers

  Cart small = cart({line("a", Money{1500})});
  auto q2 = quote(p, s, small, 0);
  REQUIRE(q2.ok());
  CHECK(option(q2.value, "fixed").reason == "min_order");
  CHECK(option(q2.value, "ship").reason == "no_shipping");
  CHECK(option(q2.value, "var").points == 900);
  CHECK(option(q2.value, "var").value == 900);
  s.balance = Points{150};
  auto q3 = quote(p, s, small, 0);
  REQUIRE(q3.ok());
  CHECK(option(q3.value, "var").reason == "balance");  // below min_points
}

TEST_CASE("rewards: nudges say how much more to spend for free shipping and the next tier", "[rewards]") {
  Program p = rewards_program();
  CustomerState s;
  s.tier.next = "gold";
  s.tier.next_threshold = 100000;
  s.tier.value = 60000;
  s.tier.remaining = 40000;
  auto q = quote(p, s, cart({line("a", Money{3800})}), 0);
  REQUIRE(q.ok());
  REQUIRE(q.value.nudges.size() == 2);
  CHECK(q.value.nudges[0].kind == "free_shipping");
  CHECK(q.value.nudges[0].amount == 1200);
  CHECK(q.value.nudges[1].kind == "tier");
  CHECK(q.value.nudges[1].target == "gold");
  CHECK(q.value.nudges[1].amount == 36200);

  // By points: the least spend that earns the points still missing, at 2 points per unit.
  Program by_points = program(nlohmann::json::parse(R"({"earn": {"points": 2},
      "tier_rules": {"basis": "points_earned"}, "tiers": [{"id": "gold", "name": "Gold", "threshold": 1000}]})"));
  s.tier.value = 900;
  s.tier.next_threshold = 1000;
  s.tier.remaining = 100;
  auto q2 = quote(by_points, s, cart({line("a", Money{1000})}), 0);  // earns 20: 80 to go = 40.00
  REQUIRE(q2.ok());
  REQUIRE(q2.value.nudges.size() == 1);
  CHECK(q2.value.nudges[0].amount == 4000);
}

TEST_CASE("rewards: redeeming a variable reward checks steps and bounds", "[rewards]") {
  Shopper s(rewards_program());
  s.apply_ok(order_event("1", cart({line("a", Money{200000})}), 1000));
  Event w{"w1", 1000, Redeem{"var", Points{150}, 0}};
  CHECK(has_error(s.apply_fails(w), "/points", "multiple of 100"));
  body<Redeem>(w).points = Points{100};
  CHECK(has_error(s.apply_fails(w), "/points", "at least 200"));
  body<Redeem>(w).points = Points{1100};
  CHECK(has_error(s.apply_fails(w), "/points", "at most 1000"));
  body<Redeem>(w).points = Points{700};
  auto ok = s.apply_ok(w);
  CHECK(ok.entries.back().as<RedeemEntry>()->value == 700);
  CHECK_FALSE(ok.coupon_code.empty());
}

TEST_CASE("rewards: a quote's options are redeem_options' type, narrowed to the cart", "[rewards]") {
  const Program p = rewards_program();
  CustomerState s;
  s.balance = Points{950};
  const Quote quoted = quote_of(p, s, Money{4000}, Money{699});
  const auto options = redeem_options(p, s, 0);
  // One type: what the cart adds is its own limits on the same decision.
  const std::vector<RewardOption>& narrowed = quoted.rewards;
  REQUIRE(narrowed.size() == options.size());
  for (size_t i = 0; i < options.size(); ++i) {
    INFO(options[i].reward_id);
    CHECK(narrowed[i].reward_id == options[i].reward_id);
    CHECK(narrowed[i].tier_ok == options[i].tier_ok);
    CHECK(narrowed[i].least == options[i].least);
    CHECK(narrowed[i].step == options[i].step);
  }
  // A fixed reward on a cart that limits nothing: the same points, worth the same.
  CHECK(option(quoted, "fixed").points == find_option(options, "fixed").points);
  CHECK(option(quoted, "fixed").value == find_option(options, "fixed").value);
}

TEST_CASE("rewards: the quote's and /me's reward lists keep their bytes", "[rewards]") {
  // Clients read both: the cart widget the quote's names, the panel /me's.
  const Program p = rewards_program();
  CustomerState s;
  s.balance = Points{950};
  CHECK(dump(to_json(quote_of(p, s, Money{1500}, Money{0}), p)["rewards"]) ==
        R"([{"affordable":false,"blocked":"min_order","cost":500,"reward_id":"fixed","saves":500},)"
        R"({"affordable":true,"cost":800,"reward_id":"pct","saves":150},)"
        R"({"affordable":false,"blocked":"no_shipping","cost":300,"reward_id":"ship","saves":0},)"
        R"({"affordable":true,"cost":900,"reward_id":"socks","saves":1200},)"
        R"({"affordable":true,"cost":900,"reward_id":"var","saves":900},)"
        R"({"affordable":false,"blocked":"balance","cost":1000,"reward_id":"credit","saves":800},)"
        R"({"affordable":false,"blocked":"tier","cost":100,"reward_id":"vip","saves":300}])");
  CHECK(dump(to_json(redeem_options(p, s, 0), p)) ==
        R"([{"affordable":true,"id":"fixed","points":500,"value":500},)"
        R"({"affordable":true,"id":"pct","points":800,"value":0},)"
        R"({"affordable":true,"id":"ship","points":300,"value":0},)"
        R"({"affordable":true,"id":"socks","points":900,"value":1200},)"
        R"({"affordable":true,"id":"var","least":200,"most":900,"points":900,"step":100,"value":900},)"
        R"({"affordable":false,"id":"credit","points":1000,"reason":"balance","value":800},)"
        R"({"affordable":false,"id":"vip","points":100,"reason":"tier","value":0}])");
}

TEST_CASE("rewards: the cart's offer is the quote's spendable reward, never cashback even when it is worth more", "[rewards]") {
  Program p = rewards_program();
  CustomerState s;
  s.balance = Points{2000};
  // Store credit (8.00) is worth more than 5 off, but it is credit for later: 5 off is the offer.
  Program two = p;
  two.rewards = {p.rewards[0], p.rewards[5]};
  auto q = quote(two, s, cart({line("a", Money{4000})}), 0);
  REQUIRE(q.ok());
  CHECK(option(q.value, "credit").affordable);
  CHECK(option(q.value, "credit").value > option(q.value, "fixed").value);
  CHECK(q.value.spendable_reward == "fixed");
  CHECK(q.value.spendable == 500);
  // Nothing usable on the cart: no offer.
  two.rewards = {p.rewards[5]};
  auto none = quote(two, s, cart({line("a", Money{4000})}), 0);
  REQUIRE(none.ok());
  CHECK(none.value.spendable_reward.empty());
  CHECK(nlohmann::json::parse(to_json(none.value, two).dump())["spendable"].count("reward_id") == 0);
  CHECK(nlohmann::json::parse(to_json(q.value, two).dump())["spendable"]["reward_id"] == "fixed");
}
