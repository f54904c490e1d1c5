#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

Quote quote_ok(const Program& p, const Cart& c, Seconds now = 1800000000) {
  Customer customer;
  customer.profile.id = "c";
  auto r = quote(p, customer, c, now);
  INFO(r.error_text());
  REQUIRE(r.ok());
  return r.value;
}

Points reasons_total(const Quote& q) {
  Points s{};
  for (const auto& r : q.earn.reasons) s += r.points;
  return s;
}

}  // namespace

TEST_CASE("earn: one point per currency unit, floored once per order", "[earn]") {
  Program p = program();
  // 1.99 + 1.99 + 1.99 = 5.97: per order 5 points (per line it would be 3).
  Cart c = cart({line("a", Money{199}), line("b", Money{199}), line("c", Money{199})});
  CHECK(quote_ok(p, c).earn.points == 5);
  Program per_line = program(nlohmann::json::parse(R"({"earn": {"round_per_line": true}})"));
  CHECK(quote_ok(per_line, c).earn.points == 3);
  Program half_up = program(nlohmann::json::parse(R"({"earn": {"rounding": "half_up"}})"));
  CHECK(quote_ok(half_up, c).earn.points == 6);
}

TEST_CASE("earn: tax, shipping, gift cards and discounts are excluded by default", "[earn]") {
  Program p = program();
  CartLine gift = line("g", Money{5000});
  gift.gift_card = true;
  CartLine shirt = line("s", Money{4000});
  shirt.discount = Money{500};
  Cart c = cart({shirt, gift});
  c.tax = Money{800};
  c.shipping = Money{999};
  c.order_discount = Money{1000};
  Quote q = quote_ok(p, c);
  // 40.00 - 5.00 line discount - 10.00 order discount (none of it on the gift card) = 25.00
  CHECK(q.earn.eligible == 2500);
  CHECK(q.earn.points == 25);
  CHECK(q.earn.lines[1].excluded == "gift_card");

  Program all_in = program(nlohmann::json::parse(R"({"earn": {"basis": {"after_discounts": false, "exclude_tax": false,
      "exclude_shipping": false, "exclude_gift_cards": false}}})"));
  // 40 + 50 + 8 + 9.99 = 107.99
  CHECK(quote_ok(all_in, c).earn.points == 107);
}

TEST_CASE("earn: excluded products earn nothing", "[earn]") {
  Program p = program(nlohmann::json::parse(R"({"earn": {"basis": {"excluded": {"tags": ["final-sale"], "products": ["p-x"]}}}})"));
  CartLine sale = line("s", Money{3000});
  sale.tags = {"final-sale"};
  Quote q = quote_ok(p, cart({sale, line("x", Money{2000}), line("ok", Money{1000})}));
  CHECK(q.earn.points == 10);
  CHECK(q.earn.lines[0].excluded == "excluded_product");
  CHECK(q.earn.lines[1].excluded == "excluded_product");
}

TEST_CASE("earn: the highest matching product multiplier applies, explained per line", "[earn]") {
  Program p = program(nlohmann::json::parse(R"({"multipliers": [
      {"id": "house", "applies_to": {"collections": ["house"]}, "percent": 200},
      {"id": "margin", "applies_to": {"tags": ["high-margin"]}, "percent": 300},
      {"id": "clearance", "applies_to": {"tags": ["clearance"]}, "percent": 0}]})"));
  CartLine a = line("a", Money{1000});
  a.collections = {"house"};
  a.tags = {"high-margin"};
  CartLine b = line("b", Money{1000});
  b.collections = {"house"};
  CartLine c = line("c", Money{1000});
  c.tags = {"clearance"};
  Quote q = quote_ok(p, cart({a, b, c}));
  CHECK(q.earn.lines[0].points == 30);
  CHECK(q.earn.lines[1].points == 20);
  CHECK(q.earn.lines[2].points == 0);
  CHECK(q.earn.points == 50);
  CHECK(reasons_total(q) == q.earn.points);
  bool found = false;
  for (const auto& r : q.earn.reasons)
    found = found || (r.rule_name(p) == "multiplier:margin" && r.line >= 0 && q.earn.lines[static_cast<size_t>(r.line)].line_id == "a" && r.points == 20);
  CHECK(found);
}

TEST_CASE("earn: campaigns are time-boxed to the second and by shop-local weekday", "[earn]") {
  Program p = program(nlohmann::json::parse(R"({"utc_offset_minutes": -300, "campaigns": [
      {"id": "double", "starts_at": "2026-11-27T05:00:00Z", "ends_at": "2026-11-28T05:00:00Z", "percent": 200},
      {"id": "sunday", "starts_at": "2026-01-01T00:00:00Z", "ends_at": "2027-01-01T00:00:00Z", "weekdays": [6],
       "bonus_points": 50, "min_spend": 2000}]})"));
  Cart c = cart({line("a", Money{2500})});
  CHECK(quote_ok(p, c, at("2026-11-27T04:59:59Z")).earn.points == 25);
  CHECK(quote_ok(p, c, at("2026-11-27T05:00:00Z")).earn.points == 50);
  CHECK(quote_ok(p, c, at("2026-11-28T04:59:59Z")).earn.points == 50);
  CHECK(quote_ok(p, c, at("2026-11-28T05:00:00Z")).earn.points == 25);  // ends_at is exclusive
  // Sunday 29 Nov in New York runs 05:00Z Sunday to 05:00Z Monday.
  CHECK(quote_ok(p, c, at("2026-11-29T04:00:00Z")).earn.points == 25);
  CHECK(quote_ok(p, c, at("2026-11-30T04:00:00Z")).earn.points == 75);
  CHECK(quote_ok(p, cart({line("a", Money{1999})}), at("2026-11-30T04:00:00Z")).earn.points == 19);  // below min spend
}

TEST_CASE("earn: tier and membership multipliers stack on product and campaign", "[earn]") {
  Program p = program(nlohmann::json::parse(R"({
      "multipliers": [{"id": "house", "applies_to": {"collections": ["house"]}, "percent": 150}],
      "tiers": [{"id": "gold", "name": "Gold", "threshold": 10, "multiplier_percent": 200}],
      "memberships": [{"id": "plus", "name": "Plus", "fee": 999, "multiplier_percent": 150}]})"));
  CustomerState s;
  s.tier.current = "gold";
  s.membership = "plus";
  CartLine a = line("a", Money{1001});
  a.collections = {"house"};
  auto r = compute_earning(p, s, cart({a}), 0);
  REQUIRE(r.ok());
  // 10.01 x 1.5 x 2 x 1.5 = 45.045 -> 45
  CHECK(r.value.points == 45);
  Points total{};
  for (const auto& reason : r.value.reasons) total += reason.points;
  CHECK(total == 45);
}

TEST_CASE("earn: points come from shop-currency amounts, never the presentment currency", "[earn]") {
  Program p = program();
  Cart c = cart({line("a", Money{10000})});
  c.presentment_currency = "JPY";
  c.presentment_total = PresentmentMoney{1500000};
  CHECK(quote_ok(p, c).earn.points == 100);
  Customer customer;
  auto wrong = quote(p, customer, cart({line("a", Money{10000})}, "JPY"), 0);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.errors[0].pointer == "/currency");
}

TEST_CASE("earn: order discount spread exactly, never more than the lines", "[earn]") {
  Program p = program();
  Cart c = cart({line("a", Money{333}), line("b", Money{333}), line("c", Money{334})});
  c.order_discount = Money{100};
  Quote q = quote_ok(p, c);
  CHECK(q.earn.eligible == 900);
  Money sum{0};
  for (const auto& l : q.earn.lines) sum += l.eligible;
  CHECK(sum == 900);
  // The leftover unit goes to the largest remainder: 33.3, 33.3, 33.4 -> 33, 33, 34 off.
  CHECK(q.earn.lines[0].eligible == 300);
  CHECK(q.earn.lines[1].eligible == 300);
  CHECK(q.earn.lines[2].eligible == 300);
}

TEST_CASE("earn: leftover discount units go to the first lines on equal remainders", "[earn]") {
  Program p = program();
  Cart c = cart({line("a", Money{100}), line("b", Money{100}), line("c", Money{100})});
  c.order_discount = Money{2};  // 0.67 each: two leftover units, all remainders equal
  Quote q = quote_ok(p, c);
  CHECK(q.earn.lines[0].eligible == 99);
  CHECK(q.earn.lines[1].eligible == 99);
  CHECK(q.earn.lines[2].eligible == 100);
}

TEST_CASE("earn: hostile carts are refused with the field named", "[earn]") {
  auto bad = [](const char* text, const char* pointer) {
    auto r = parse_cart(text);
    INFO(text);
    REQUIRE_FALSE(r.ok());
    CHECK(has_error(r.errors, pointer));
  };
  bad(R"({"currency":"USD","lines":[{"product_id":"a","unit_price":-1}]})", "/lines/0/unit_price");
  bad(R"({"currency":"USD","lines":[{"product_id":"a","unit_price":1.5}]})", "/lines/0/unit_price");
  bad(R"({"currency":"USD","lines":[{"product_id":"a","unit_price":100,"discount":101}]})", "/lines/0/discount");
  bad(R"({"currency":"USD","lines":[{"product_id":"a","unit_price":999999999999999,"quantity":100000}]})", "/lines/0/quantity");
  bad(R"({"currency":"USD","lines":[{"product_id":"a","unit_price":100}],"order_discount":101})", "/order_discount");
  bad(R"({"currency":"USD","lines":[{"id":"x","product_id":"a","unit_price":1},{"id":"x","product_id":"b","unit_price":1}]})", "/lines/1/id");
  bad(R"({"currency":"USD","lines":{}})", "/lines");
  bad(R"({"currency":"USD"})", "/lines");
  bad(R"({"currency":"USD","lines":[{"product_id":"a","unit_price":18446744073709551615}]})", "/lines/0/unit_price");
  auto ok = parse_cart(R"({"currency":"USD","lines":[{"product_id":820982911946154508,"unit_price":100}]})");
  REQUIRE(ok.ok());
  CHECK(ok.value.lines[0].product_id == "820982911946154508");  // 64-bit ids stay exact
}

TEST_CASE("earn: the biggest carts the engine accepts do not overflow", "[earn]") {
  Program p = program(nlohmann::json::parse(R"({"earn": {"points": 1000000, "per_amount": 1},
      "multipliers": [{"id": "m", "applies_to": {"tags": ["t"]}, "percent": 10000}]})"));
  CartLine a = line("a", Money{kMaxAmount});
  a.tags = {"t"};
  Customer customer;
  auto r = quote(p, customer, cart({a}), 0);
  REQUIRE_FALSE(r.ok());  // too many points: refused, not wrapped
  CHECK(r.errors[0].message.find("more points") != std::string::npos);
}
