// redeem_options(): which rewards a customer can redeem now, and for how many
// points; variable_value(): what a chosen number of points is worth.
#include "helpers.h"
#include "loyalty/pick.h"

using namespace loyalty;
using namespace test;

namespace {

Program options_program() {
  return program(nlohmann::json::parse(R"({
    "rewards": [
      {"id": "fixed", "name": "5 off", "kind": "fixed_discount", "cost": 500, "amount": 500},
      {"id": "pct", "name": "10% off", "kind": "percent_discount", "cost": 800, "percent": 10},
      {"id": "socks", "name": "Free socks", "kind": "free_product", "cost": 900, "product_id": "socks", "product_value": 1200},
      {"id": "var", "name": "Points off", "kind": "variable", "points_step": 100, "amount_per_step": 75, "min_points": 200, "max_points": 1050},
      {"id": "credit", "name": "Store credit", "kind": "cashback", "cost": 1000, "amount": 800},
      {"id": "vip", "name": "VIP", "kind": "fixed_discount", "cost": 100, "amount": 1000, "tiers": ["gold"]}],
    "tiers": [{"id": "gold", "name": "Gold", "threshold": 100000}]})"));
}

const RewardOption& find(const std::vector<RewardOption>& os, const std::string& id) {
  for (const auto& o : os)
    if (o.reward_id == id) return o;
  FAIL("no option " << id);
  return os.front();
}

}  // namespace

TEST_CASE("redeem options: cost, value, tier and balance decided once", "[redeem_options]") {
  const Program p = options_program();
  CustomerState s;
  s.balance = Points{950};
  const auto os = redeem_options(p, s, 0);
  REQUIRE(os.size() == p.rewards.size());
  CHECK(find(os, "fixed").points == 500);
  CHECK(find(os, "fixed").value == 500);
  CHECK(find(os, "fixed").affordable);
  CHECK(find(os, "fixed").reason.empty());
  CHECK(find(os, "pct").value == 0);  // the cart decides
  CHECK(find(os, "socks").value == 1200);
  CHECK(find(os, "credit").reason == "balance");
  CHECK_FALSE(find(os, "credit").affordable);
  CHECK(find(os, "vip").reason == "tier");
  CHECK_FALSE(find(os, "vip").tier_ok);
  const RewardOption& v = find(os, "var");
  CHECK(v.least == 200);
  CHECK(v.step == 100);
  CHECK(v.most == 900);   // whole steps of the balance
  CHECK(v.points == 900);
  CHECK(v.value == 675);  // 9 steps of 0.75
  CHECK(v.affordable);

  s.tier.current = "gold";
  s.balance = Points{5000};
  const auto rich = redeem_options(p, s, 0);
  CHECK(find(rich, "vip").affordable);
  CHECK(find(rich, "var").most == 1000);  // max_points 1050 is not a whole number of steps: 1000
}

TEST_CASE("redeem options: a variable reward below its least is not affordable, and says what it would take", "[redeem_options]") {
  const Program p = options_program();
  CustomerState s;
  s.balance = Points{199};
  const RewardOption v = find(redeem_options(p, s, 0), "var");
  CHECK_FALSE(v.affordable);
  CHECK(v.reason == "balance");
  CHECK(v.most == 0);
  CHECK(v.points == 200);
  CHECK(v.value == 150);
  s.balance = Points{-40};  // a debt: nothing is affordable, nothing is negative
  for (const auto& o : redeem_options(p, s, 0)) CHECK_FALSE(o.affordable);
}

TEST_CASE("redeem options: variable_value is exact, whole steps within the bounds", "[redeem_options]") {
  const Reward& r = *options_program().find_reward("var");
  CHECK(variable_value(r, Points{300}).value == 225);
  CHECK(has_error(variable_value(r, Points{250}).errors, "/points", "multiple of 100"));
  CHECK(has_error(variable_value(r, Points{100}).errors, "/points", "at least 200"));
  CHECK(has_error(variable_value(r, Points{1100}).errors, "/points", "at most 1050"));
  CHECK(has_error(variable_value(r, Points{0}).errors, "/points", "required"));
}

TEST_CASE("redeem options: a pick above the balance is refused, and valid exactly up to redeem_option's most", "[redeem_options]") {
  const Reward& r = *options_program().find_reward("var");
  CHECK(variable_value(r, Points{600}, Points{650}).value == 450);
  CHECK(has_error(variable_value(r, Points{700}, Points{650}).errors, "/points", "at most the balance, 650"));
  CHECK(has_error(variable_value(r, Points{250}, Points{650}).errors, "/points", "multiple of 100"));
  for (std::int64_t balance = -100; balance <= 1300; balance += 50) {
    const RewardOption o = redeem_option(r, Points{balance}, "");
    for (std::int64_t points = 0; points <= 1300; points += 50) {
      const bool valid = o.most > 0 && points >= o.least.raw() && points <= o.most.raw() && points % o.step.raw() == 0;
      CHECK(variable_value(r, Points{points}, Points{balance}).ok() == valid);
    }
  }
}

TEST_CASE("redeem options: affordable exactly when apply() accepts the redemption", "[redeem_options]") {
  const Program p = options_program();
  Rng rng{14};
  for (int i = 0; i < 300; ++i) {
    Shopper s(p);
    const Money spend = Money(rng.in(0, 3000) * 100);
    if (spend) s.apply_ok(order_event("o", cart({line("a", spend)}), 1000));
    if (rng.in(0, 3) == 0) s.apply_ok([&] {
      return Event{"adj", 1000, Adjust{Points{rng.in(1, 400)}, ""}};
    }());
    const CustomerState st = s.state(2000);
    for (const auto& o : redeem_options(p, st, 0)) {
      const Event w{"w-" + o.reward_id, 2000, Redeem{o.reward_id, o.points, 7}};
      auto r = loyalty::apply(p, s.c, w, 2000);
      INFO(o.reward_id << " balance " << st.balance << " points " << o.points << ": " << r.error_text());
      CHECK(r.ok() == o.affordable);
      if (r.ok() && p.find_reward(o.reward_id)->kind == RewardKind::Variable) CHECK(r.value.entries.back().as<RedeemEntry>()->value == o.value);
    }
  }
}

TEST_CASE("redeem options: apply() refuses a variable pick with the picker's own answer", "[redeem_options]") {
  // The panel's picker (variable_value with the balance) and the redemption decide
  // once: the same pick gets the same error, field and words, from both.
  const Program p = options_program();
  const Reward& r = *p.find_reward("var");
  for (std::int64_t balance : {0, 150, 650, 1300}) {
    Shopper s(p);
    if (balance) s.apply_ok(Event{"adj", 1000, Adjust{Points{balance}, ""}});
    for (std::int64_t points = 0; points <= 1300; points += 50) {
      const auto picked = variable_value(r, Points{points}, Points{balance});
      auto applied = loyalty::apply(p, s.c, Event{"w", 2000, Redeem{"var", Points{points}, 7}}, 2000);
      INFO("balance " << balance << " points " << points << ": " << applied.error_text());
      REQUIRE(applied.ok() == picked.ok());
      if (!picked.ok()) CHECK(applied.error_text() == picked.error_text());
    }
  }
}
