#include <set>

#include "helpers.h"

using namespace loyalty;
using namespace test;

TEST_CASE("simulate: the generated history is seeded and realistic", "[simulate]") {
  const Seconds from = at("2025-01-01T00:00:00Z"), to = at("2026-01-01T00:00:00Z");
  auto a = generate_orders(7, 2000, from, to), b = generate_orders(7, 2000, from, to);
  REQUIRE(a.size() == 2000);
  CHECK(orders_to_csv(a) == orders_to_csv(b));
  CHECK(orders_to_csv(a) != orders_to_csv(generate_orders(8, 2000, from, to)));
  std::set<std::string> customers;
  int refunds = 0;
  for (const auto& o : a) {
    customers.insert(o.customer_id);
    refunds += o.refunded > 0;
    CHECK(o.placed_at >= from);
    CHECK(o.placed_at < to);
  }
  CHECK(customers.size() < 1500);  // repeat buyers
  CHECK(refunds > 20);
  auto parsed = parse_orders_csv(orders_to_csv(a));
  REQUIRE(parsed.ok());
  CHECK(orders_to_csv(parsed.value) == orders_to_csv(a));
}

TEST_CASE("simulate: the report balances: issued = redeemed + expired + clawed + outstanding", "[simulate]") {
  Program p = example("fashion-store");
  auto orders = generate_orders(3, 3000, at("2025-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"));
  SimulationOptions o;
  o.redeeming_percent = 60;
  auto r = simulate(p, orders, o);
  INFO(r.error_text());
  REQUIRE(r.ok());
  const SimulationReport& s = r.value;
  CHECK(s.orders == 3000);
  CHECK(s.issued > 0);
  CHECK(s.redemptions > 0);
  CHECK(s.issued - s.redeemed - s.expired - s.clawed_back == s.outstanding);
  std::int64_t in_tiers = 0;
  for (const auto& t : s.tiers) in_tiers += t.second;
  CHECK(in_tiers == s.customers);
  // The cheapest reward is 500 points for 10.00: a point is worth 2 cents.
  CHECK(s.liability == s.outstanding.raw() * 2);
  o.redeeming_percent = 0;
  auto none = simulate(p, orders, o);
  REQUIRE(none.ok());
  CHECK(none.value.redeemed == 0);
  CHECK(none.value.issued >= s.issued - s.redeemed);
}

TEST_CASE("simulate: a broken CSV names the line and column", "[simulate]") {
  auto r = parse_orders_csv("order_id,customer_id,placed_at,subtotal,discount,shipping,tax,refunded\n"
                            "1,C1,2025-01-01T00:00:00Z,1000,0,0,0,0\n"
                            "2,C1,not-a-time,10.50,0,0,0,0\n");
  REQUIRE_FALSE(r.ok());
  CHECK(has_error(r.errors, "/line/3/placed_at"));
  CHECK(has_error(r.errors, "/line/3/subtotal"));
  const std::string header = "order_id,customer_id,placed_at,subtotal,discount,shipping,tax,refunded\n";
  auto quote = parse_orders_csv(header + "1,C1,2025-01-01T00:00:00Z,1000,0,0,0,\"0\n");
  REQUIRE_FALSE(quote.ok());
  CHECK(has_error(quote.errors, "/line/2/refunded", "unterminated quote"));
  auto far = parse_orders_csv(header + "1,C1,99999999999999,1000,0,0,0,0\n2,C1,-99999999999999,1000,0,0,0,0\n");
  REQUIRE_FALSE(far.ok());
  CHECK(has_error(far.errors, "/line/2/placed_at"));
  CHECK(has_error(far.errors, "/line/3/placed_at"));
  CHECK_FALSE(parse_orders_csv("a,b\n1,2\n").ok());
  CHECK_FALSE(parse_orders_csv("").ok());
}
