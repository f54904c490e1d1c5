// For random programs, customers and carts: the points quote promises are the
// points apply awards for the same order at the same moment.
#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

const char* const kRoundings[] = {"floor", "ceil", "half_up", "half_even"};

nlohmann::json random_program(Rng& r) {
  nlohmann::json p = base_program_json();
  p["utc_offset_minutes"] = r.in(-600, 600);
  p["earn"] = {{"points", r.in(1, 20)}, {"per_amount", r.in(1, 500)}, {"rounding", kRoundings[r.in(0, 3)]},
               {"round_per_line", r.chance(20)},
               {"basis", {{"after_discounts", r.chance(80)}, {"exclude_tax", r.chance(70)}, {"exclude_shipping", r.chance(70)},
                          {"exclude_gift_cards", r.chance(90)}, {"excluded", {{"tags", {"t3"}}}}}}};
  nlohmann::json mult = nlohmann::json::array();
  for (int i = 0, n = static_cast<int>(r.in(0, 3)); i < n; ++i)
    mult.push_back({{"id", "m" + std::to_string(i)}, {"applies_to", {{"collections", {"c" + std::to_string(r.in(0, 3))}}}},
                    {"percent", r.in(0, 400)}});
  p["multipliers"] = mult;
  nlohmann::json camps = nlohmann::json::array();
  for (int i = 0, n = static_cast<int>(r.in(0, 2)); i < n; ++i) {
    nlohmann::json c = {{"id", "k" + std::to_string(i)}, {"starts_at", 1700000000 + r.in(0, 50000000)}, {"percent", r.in(100, 300)}};
    c["ends_at"] = c["starts_at"].get<std::int64_t>() + r.in(1, 60000000);
    if (r.chance(40)) c["bonus_points"] = r.in(1, 100);
    if (c["percent"] == 100 && !c.contains("bonus_points")) c["bonus_points"] = 10;
    if (r.chance(30)) c["weekdays"] = {r.in(0, 6), r.in(0, 6)};
    if (r.chance(30)) c["applies_to"] = {{"tags", {"t" + std::to_string(r.in(0, 3))}}};
    camps.push_back(c);
  }
  p["campaigns"] = camps;
  p["tier_rules"] = {{"basis", r.chance(50) ? "points_earned" : "amount_spent"},
                     {"window", r.chance(50) ? "lifetime" : "rolling_12_months"}};
  p["tiers"] = {{{"id", "silver"}, {"name", "Silver"}, {"threshold", r.in(1, 5000)}, {"multiplier_percent", r.in(100, 200)},
                 {"entry_reward", r.in(0, 50)}}};
  p["tiers"].push_back({{"id", "gold"}, {"name", "Gold"}, {"threshold", p["tiers"][0]["threshold"].get<std::int64_t>() + r.in(1, 50000)},
                        {"multiplier_percent", r.in(100, 300)}});
  p["memberships"] = {{{"id", "plus"}, {"name", "Plus"}, {"fee", 999}, {"multiplier_percent", r.in(100, 200)}}};
  p["rewards"] = {{{"id", "five"}, {"name", "5 off"}, {"kind", "fixed_discount"}, {"cost", r.in(1, 500)}, {"amount", 500}},
                  {{"id", "var"}, {"name", "Points off"}, {"kind", "variable"}, {"points_step", 10}, {"amount_per_step", r.in(1, 50)}}};
  p["lifecycle"] = {{"pending_days", r.chance(50) ? 0 : r.in(1, 30)}};
  p["free_shipping_threshold"] = r.in(0, 10000);
  return p;
}

Cart random_cart(Rng& r, const std::string& currency) {
  Cart c;
  c.currency = currency;
  Money total{0};
  for (int i = 0, n = static_cast<int>(r.in(1, 12)); i < n; ++i) {
    CartLine l = line(std::to_string(i), Money(r.in(0, 50000)), r.in(1, 5));
    l.product_id = "p" + std::to_string(r.in(0, 20));
    l.collections = {"c" + std::to_string(r.in(0, 3))};
    l.tags = {"t" + std::to_string(r.in(0, 3))};
    l.gift_card = r.chance(5);
    l.discount = r.chance(30) ? Money(r.in(0, (l.unit_price * l.quantity).raw())) : Money{};
    if (!l.gift_card) total += l.unit_price * l.quantity - l.discount;
    c.lines.push_back(l);
  }
  c.order_discount = r.chance(30) && total > 0 ? Money(r.in(0, total.raw())) : Money{};
  c.shipping = Money(r.in(0, 1500));
  c.tax = Money(r.in(0, 3000));
  return c;
}

}  // namespace

TEST_CASE("property: quote promises exactly what apply awards", "[property]") {
  Rng r{0x9E3779B97F4A7C15ULL};
  for (int round = 0; round < 400; ++round) {
    nlohmann::json pj = random_program(r);
    auto parsed = program_from_json(core_json(pj));
    INFO(pj.dump());
    INFO(parsed.error_text());
    REQUIRE(parsed.ok());
    Shopper s(parsed.value);
    Seconds now = 1700000000 + r.in(0, 60000000);
    // Some history: orders (tiers), maybe a membership.
    for (int k = 0, n = static_cast<int>(r.in(0, 4)); k < n; ++k) {
      now += r.in(0, 40 * kDay);
      s.apply_ok(order_event("h" + std::to_string(k), random_cart(r, "USD"), now));
    }
    if (r.chance(30)) {
      s.apply_ok(Event{"m", now, MembershipStarted{"plus", now + 30 * kDay}});
    }
    now += r.in(0, 20 * kDay);
    Cart c = random_cart(r, "USD");
    auto q = quote(s.p, s.c, c, now);
    REQUIRE(q.ok());
    Points reasons{};
    for (const auto& reason : q.value.earn.reasons) reasons += reason.points;
    CHECK(reasons == q.value.earn.points);

    auto a = apply(s.p, s.c, order_event("new", c, now), now);
    REQUIRE(a.ok());
    const LedgerEntry* earn = nullptr;
    for (const auto& e : a.value.entries)
      if (e.type() == EntryType::Earn) earn = &e;
    REQUIRE(earn);
    CHECK(earn->as<EarnEntry>()->order_points == q.value.earn.points);
    CHECK(earn->points + earn->pending == q.value.earn.points);
    CHECK(earn->as<EarnEntry>()->order_eligible == q.value.earn.eligible);

    // What quote calls affordable, redeem grants.
    for (const auto& option : q.value.rewards) {
      if (!option.affordable) continue;
      const Event w{"w-" + option.reward_id, now, Redeem{option.reward_id, option.reward_id == "var" ? option.points : Points{}, 0}};
      auto red = apply(s.p, s.c, w, now);
      INFO(red.error_text());
      CHECK(red.ok());
    }
  }
}

TEST_CASE("property: the ledger's sums are the derived state", "[property]") {
  Rng r{12345};
  for (int round = 0; round < 100; ++round) {
    auto parsed = program_from_json(core_json(random_program(r)));
    REQUIRE(parsed.ok());
    Shopper s(parsed.value);
    Seconds now = 1700000000;
    std::vector<std::string> orders;
    for (int k = 0; k < 8; ++k) {
      now += r.in(0, 20 * kDay);
      if (orders.empty() || r.chance(70)) {
        orders.push_back("o" + std::to_string(k));
        s.apply_ok(order_event(orders.back(), random_cart(r, "USD"), now));
      } else {
        const std::string& order = orders[static_cast<size_t>(r.in(0, static_cast<std::int64_t>(orders.size()) - 1))];
        s.apply_ok(refund_event("f" + std::to_string(k), order, Money(r.in(0, 20000)), now));
      }
    }
    s.apply_ok(tick_event("tick", now + 40 * kDay));
    const CustomerState st = s.state(now + 40 * kDay);
    Points points{}, pending{};
    for (const auto& e : s.c.ledger) {
      points += e.points;
      pending += e.pending;
    }
    CHECK(points == st.balance);
    CHECK(pending == st.pending);
    CHECK(st.pending == 0);  // everything matured by then
    CHECK(st.balance >= 0);
  }
}

TEST_CASE("property: a program written back by to_json reads as the same program", "[property]") {
  Rng r{20261203};
  for (int i = 0; i < 500; ++i) {
    const nlohmann::json pj = random_program(r);
    auto parsed = program_from_json(core_json(pj));
    INFO(pj.dump());
    REQUIRE(parsed.ok());
    auto back = program_from_json(to_json(parsed.value));
    INFO(dump(to_json(parsed.value)));
    INFO(back.error_text());
    REQUIRE(back.ok());
    CHECK(back.value == parsed.value);
  }
}
