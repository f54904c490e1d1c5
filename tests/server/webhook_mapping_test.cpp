// What a platform payload earns: values that cannot be mapped are refused
// (422 naming the field, not remembered, so the platform's retry is applied);
// test, cancelled and voided orders earn nothing; cancellations claw back;
// a line's discount counts once, from whichever field the payload has.
#include <catch2/catch.hpp>

#include "harness.h"

using test::json;

namespace {

const char* kCustomer = "115310627314723954";

httplib::Result shopify(httplib::Client& c, const test::Shop& s, const std::string& topic, const std::string& id,
                        const std::string& body) {
  return c.Post(("/webhooks/shopify/" + s.id).c_str(),
                {{"X-Shopify-Hmac-Sha256", test::b64_sig(s.secret, body)}, {"X-Shopify-Topic", topic},
                 {"X-Shopify-Webhook-Id", id}},
                body, "application/json");
}

httplib::Result woo(httplib::Client& c, const test::Shop& s, const std::string& id, const std::string& body) {
  return c.Post(("/webhooks/woocommerce/" + s.id).c_str(),
                {{"X-WC-Webhook-Signature", test::b64_sig(s.secret, body)}, {"X-WC-Webhook-Topic", "order.updated"},
                 {"X-WC-Webhook-Delivery-ID", id}},
                body, "application/json");
}

std::int64_t sum_points(httplib::Client& c, const test::Shop& s, const std::string& customer) {
  std::int64_t sum = 0;
  for (const auto& e : test::ledger(c, s, customer)) sum += e["points"].get<std::int64_t>();
  return sum;
}

// The paid sample order with one line's worth of changes applied to it.
json order_with(const std::function<void(json&)>& change) {
  json o = json::parse(test::paid_shopify_order());
  change(o);
  return o;
}

}  // namespace

TEST_CASE("webhook mapping: unmappable values answer 422 with the field and are not remembered", "[webhooks][mapping]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "unmappable");
  test::Server srv(db);
  auto c = srv.client();
  struct Case {
    const char* name;
    std::function<void(json&)> change;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"quantity -1", [](json& o) { o["line_items"][0]["current_quantity"] = -1; }, "/line_items/0/current_quantity"},
      {"quantity 1.5", [](json& o) { o["line_items"][1]["quantity"] = 1.5; o["line_items"][1].erase("current_quantity"); },
       "/line_items/1/quantity"},
      {"quantity 2^62", [](json& o) { o["line_items"][2]["current_quantity"] = 4611686018427387904LL; },
       "/line_items/2/current_quantity"},
      {"customer id 2^64", [](json& o) { o["customer"]["id"] = json::parse("18446744073709551616"); }, "/customer/id"},
      {"order id not an integer", [](json& o) { o["id"] = "abc"; }, "/id"},
      {"order id a fraction", [](json& o) { o["id"] = 820982911946154508.5; }, "/id"},
  };
  int n = 0;
  for (const auto& k : cases) {
    INFO(k.name);
    const std::string delivery = "bad-" + std::to_string(++n);
    auto r = shopify(c, shop, "orders/paid", delivery, order_with(k.change).dump());
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(json::parse(r->body)["field"] == k.field);
    // The platform retries the same delivery once the shop fixed its data: applied, not "duplicate".
    if (n == 1) {
      auto fixed = shopify(c, shop, "orders/paid", delivery, test::paid_shopify_order());
      REQUIRE(fixed);
      CHECK(fixed->status == 200);
      CHECK(json::parse(fixed->body)["status"] == "applied");
    }
  }
  CHECK(sum_points(c, shop, kCustomer) == 414);

  // WooCommerce the same: a fractional quantity is refused by its field, and the retry applies.
  json order = json::parse(test::realdata("woocommerce_docs_order_retrieve.json"));
  order["customer_id"] = 41;
  order["line_items"][0]["quantity"] = 1.5;
  auto w = woo(c, shop, "wq-1", order.dump());
  REQUIRE(w);
  CHECK(w->status == 422);
  CHECK(json::parse(w->body)["field"] == "/line_items/0/quantity");
  order["line_items"][0]["quantity"] = 2;
  auto fixed = woo(c, shop, "wq-1", order.dump());
  REQUIRE(fixed);
  CHECK(json::parse(fixed->body)["status"] == "applied");
  CHECK(sum_points(c, shop, "41") == 18);
}

// The mappers build the core's typed event themselves, so what the core's
// order would refuse is refused by the payload's own field (these answered
// with the core event's field, /order/..., before).
TEST_CASE("webhook mapping: values past the core's limits are refused by the payload's field", "[webhooks][mapping]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "limits");
  test::Server srv(db);
  auto c = srv.client();
  const auto priced = [](json& li, const char* price) {
    li.erase("price_set");
    li["price"] = price;
  };
  struct Case {
    const char* name;
    std::function<void(json&)> change;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"quantity 100,001", [](json& o) { o["line_items"][0]["current_quantity"] = 100001; }, "/line_items/0/current_quantity"},
      {"two lines with one id", [](json& o) { o["line_items"][1]["id"] = o["line_items"][0]["id"]; }, "/line_items/1/id"},
      {"lines adding up past the limit",
       [&](json& o) {
         priced(o["line_items"][0], "9000000000000.00");
         priced(o["line_items"][1], "9000000000000.00");
       },
       "/line_items"},
      {"1,001 paid lines",
       [](json& o) {
         json lines = json::array();
         for (int k = 1; k <= 1001; ++k) lines.push_back({{"id", k}, {"quantity", 1}, {"price", "1.00"}, {"product_id", 7}});
         o["line_items"] = lines;
       },
       "/line_items"},
      {"a coupon code of 129 characters", [](json& o) { o["discount_codes"] = {{{"code", std::string(129, 'X')}}}; },
       "/discount_codes/0/code"},
      {"a coupon code with a control character", [](json& o) { o["discount_codes"] = {{{"code", "TEN\nOFF"}}}; },
       "/discount_codes/0/code"},
      {"negative shipping", [](json& o) { o["total_shipping_price_set"]["shop_money"]["amount"] = "-1.00"; },
       "/total_shipping_price_set/shop_money/amount"},
  };
  int n = 0;
  for (const auto& k : cases) {
    INFO(k.name);
    auto r = shopify(c, shop, "orders/paid", "limit-" + std::to_string(++n), order_with(k.change).dump());
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(json::parse(r->body)["field"] == k.field);
  }
  CHECK(test::ledger(c, shop, kCustomer).empty());
  // A refunded quantity past the limit, likewise.
  json refund = json::parse(test::realdata("shopify_docs_refunds_create.json"));
  refund["refund_line_items"][0]["quantity"] = 100001;
  auto r = shopify(c, shop, "refunds/create", "limit-refund", refund.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(json::parse(r->body)["field"] == "/refund_line_items/0/quantity");
}

TEST_CASE("webhook mapping: test, cancelled and voided orders earn nothing", "[webhooks][mapping]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "testorders");
  test::Server srv(db);
  auto c = srv.client();
  // Shopify's own sample as sent: test order, voided, cancelled.
  const std::string sample = test::realdata("shopify_docs_orders_paid.json");
  auto r = shopify(c, shop, "orders/paid", "t-1", sample);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body)["status"] == "ignored");
  auto test_only = order_with([](json& o) { o["test"] = true; });
  auto voided = order_with([](json& o) { o["financial_status"] = "voided"; o["id"] = 1001; });
  auto cancelled = order_with([](json& o) { o["cancelled_at"] = "2026-11-01T10:00:00Z"; o["id"] = 1002; });
  for (const auto& [id, body] : {std::pair{"t-2", test_only}, {"t-3", voided}, {"t-4", cancelled}}) {
    auto x = shopify(c, shop, "orders/paid", id, body.dump());
    REQUIRE(x);
    CHECK(x->status == 200);
    CHECK(json::parse(x->body)["status"] == "ignored");
  }
  CHECK(test::ledger(c, shop, kCustomer).empty());
}

TEST_CASE("webhook mapping: a program that counts test orders lets them earn (still not cancelled ones)", "[webhooks][mapping]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "testearn");
  test::Server srv(db);
  auto c = srv.client();
  auto prog = test::fixture_program();
  prog["earn"]["basis"]["include_test_orders"] = true;
  auto put = test::put_program(c, shop, prog);
  REQUIRE(put);
  REQUIRE(put->status == 200);
  auto test_only = order_with([](json& o) { o["test"] = true; });
  auto r = shopify(c, shop, "orders/paid", "te-1", test_only.dump());
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body)["status"] == "applied");
  CHECK(sum_points(c, shop, kCustomer) == 414);  // as the same order paid for real
  auto cancelled = order_with([](json& o) { o["test"] = true; o["cancelled_at"] = "2026-11-01T10:00:00Z"; o["id"] = 1003; });
  auto x = shopify(c, shop, "orders/paid", "te-2", cancelled.dump());
  REQUIRE(x);
  CHECK(json::parse(x->body)["status"] == "ignored");
  CHECK(sum_points(c, shop, kCustomer) == 414);
}

TEST_CASE("webhook mapping: a cancelled order claws back what it earned (Shopify and WooCommerce)", "[webhooks][mapping]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "cancel");
  test::Server srv(db);
  auto c = srv.client();
  auto paid = shopify(c, shop, "orders/paid", "p-1", test::paid_shopify_order());
  REQUIRE(paid);
  REQUIRE(paid->status == 200);
  REQUIRE(sum_points(c, shop, kCustomer) == 414);
  const std::string cancel = order_with([](json& o) { o["cancelled_at"] = "2026-11-01T10:00:00Z"; }).dump();
  auto x = shopify(c, shop, "orders/cancelled", "x-1", cancel);
  REQUIRE(x);
  CHECK(x->status == 200);
  CHECK(json::parse(x->body)["status"] == "applied");
  CHECK(sum_points(c, shop, kCustomer) == 0);
  auto again = shopify(c, shop, "orders/cancelled", "x-2", cancel);  // a second delivery claws nothing more
  REQUIRE(again);
  CHECK(sum_points(c, shop, kCustomer) == 0);

  json order = json::parse(test::realdata("woocommerce_docs_order_retrieve.json"));
  order["customer_id"] = 31;
  auto w = woo(c, shop, "w-1", order.dump());
  REQUIRE(w);
  REQUIRE(sum_points(c, shop, "31") == 18);
  order["status"] = "cancelled";
  auto wc = woo(c, shop, "w-2", order.dump());
  REQUIRE(wc);
  CHECK(wc->status == 200);
  CHECK(sum_points(c, shop, "31") == 0);

  order["id"] = 728;
  order["status"] = "processing";
  auto w3 = woo(c, shop, "w-3", order.dump());
  REQUIRE(w3);
  REQUIRE(sum_points(c, shop, "31") == 18);
  order["status"] = "refunded";
  auto wr = woo(c, shop, "w-4", order.dump());
  REQUIRE(wr);
  CHECK(wr->status == 200);
  CHECK(sum_points(c, shop, "31") == 0);
}

TEST_CASE("webhook mapping: a line's discount from total_discount or discount_allocations, never both", "[webhooks][mapping]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "discounts");
  test::Server srv(db);
  auto c = srv.client();
  // Older payload: no discount_allocations, total_discount 40.00 on the 89.99 line.
  auto older = order_with([](json& o) {
    for (auto& li : o["line_items"]) li.erase("discount_allocations");
    o["line_items"][0]["total_discount"] = "40.00";
    o["line_items"][0].erase("total_discount_set");
  });
  auto r1 = shopify(c, shop, "orders/paid", "d-1", older.dump());
  REQUIRE(r1);
  CHECK(r1->status == 200);
  CHECK(sum_points(c, shop, kCustomer) == 374);  // 414.95 - 40.00
  // Both fields saying the same 40.00: counted once.
  auto both = order_with([](json& o) {
    o["id"] = 2001;
    o["line_items"][0]["total_discount"] = "40.00";
    o["line_items"][0].erase("total_discount_set");
    o["line_items"][0]["discount_allocations"] =
        json::array({{{"amount", "40.00"}, {"amount_set", {{"shop_money", {{"amount", "40.00"}, {"currency_code", "USD"}}}}}}});
  });
  auto r2 = shopify(c, shop, "orders/paid", "d-2", both.dump());
  REQUIRE(r2);
  CHECK(r2->status == 200);
  CHECK(sum_points(c, shop, kCustomer) == 374 + 374);
}
