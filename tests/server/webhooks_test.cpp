// Signed webhooks over real HTTP: replay, bad signatures, rotation, realdata payloads.
#include <catch2/catch.hpp>

#include <thread>

#include "harness.h"

using test::json;

namespace {

httplib::Result shopify(httplib::Client& c, const test::Shop& s, const std::string& topic, const std::string& id,
                        const std::string& body, const std::string& sig) {
  return c.Post(("/webhooks/shopify/" + s.id).c_str(),
                {{"X-Shopify-Hmac-Sha256", sig}, {"X-Shopify-Topic", topic}, {"X-Shopify-Webhook-Id", id},
                 {"X-Shopify-Shop-Domain", "x.myshopify.com"}, {"X-Shopify-API-Version", "2026-07"}},
                body, "application/json");
}

std::size_t csv_lines(httplib::Client& c, const test::Shop& s) {
  auto r = c.Get(("/api/v1/admin/shops/" + s.id + "/ledger.csv").c_str(), test::admin_headers(s));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return static_cast<std::size_t>(std::count(r->body.begin(), r->body.end(), '\n')) - 1;  // minus the header
}

}  // namespace

TEST_CASE("webhooks: a webhook replayed 20 times awards once", "[webhooks]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "replay");
  test::Server srv(db);
  auto c = srv.client();
  const std::string body = test::paid_shopify_order();
  for (int i = 0; i < 20; ++i) {
    auto r = shopify(c, shop, "orders/paid", "delivery-1", body, test::b64_sig(shop.secret, body));
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  // Shopify re-sends the same order under a new webhook id: still once.
  auto again = shopify(c, shop, "orders/paid", "delivery-2", body, test::b64_sig(shop.secret, body));
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(json::parse(again->body)["status"] == "duplicate");
  // The generic form too.
  auto ev = test::order_event("g1", "G-1", 1234);
  for (int i = 0; i < 20; ++i) {
    auto r = test::post_event(c, shop, ev);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  auto entries = test::ledger(c, shop, "115310627314723954");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0]["order_id"] == "820982911946154508");
  CHECK(entries[0]["points"] == 414);  // 414.95 shop money at 1 point per 1.00, floor
  CHECK(test::ledger(c, shop, "g1").size() == 1);
  CHECK(csv_lines(c, shop) == 2);
}

TEST_CASE("webhooks: unsigned or wrongly signed gets 401 and writes nothing", "[webhooks]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "unsigned");
  test::Server srv(db);
  auto c = srv.client();
  const std::string body = test::paid_shopify_order();
  auto check401 = [&](httplib::Result r) {
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(json::parse(r->body).contains("error"));
  };
  check401(c.Post(("/webhooks/shopify/" + shop.id).c_str(), {{"X-Shopify-Topic", "orders/paid"}, {"X-Shopify-Webhook-Id", "1"}},
                  body, "application/json"));
  check401(shopify(c, shop, "orders/paid", "2", body, test::b64_sig("wrong", body)));
  check401(shopify(c, shop, "orders/paid", "3", body + " ", test::b64_sig(shop.secret, body)));
  check401(shopify(c, shop, "orders/paid", "4", body, test::hex_sig(shop.secret, body)));  // Shopify is base64 only
  auto ev = test::order_event("u1", "U-1", 5000).dump();
  check401(c.Post(("/webhooks/generic/" + shop.id).c_str(), {}, ev, "application/json"));
  check401(c.Post(("/webhooks/generic/" + shop.id).c_str(), {{"X-Loyalty-Signature", test::hex_sig("nope", ev)}}, ev,
                  "application/json"));
  check401(c.Post(("/webhooks/woocommerce/" + shop.id).c_str(), {{"X-WC-Webhook-Topic", "order.updated"}}, "{}", "application/json"));
  CHECK(csv_lines(c, shop) == 0);
  // Header names are case-insensitive (HTTP/2 lowercases them).
  auto r = c.Post(("/webhooks/shopify/" + shop.id).c_str(),
                  {{"x-shopify-hmac-sha256", test::b64_sig(shop.secret, body)}, {"x-shopify-topic", "orders/paid"},
                   {"x-shopify-webhook-id", "5"}},
                  body, "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(csv_lines(c, shop) == 1);
  // Generic accepts base64 as well as hex.
  auto r2 = c.Post(("/webhooks/generic/" + shop.id).c_str(), {{"X-Loyalty-Signature", test::b64_sig(shop.secret, ev)}}, ev,
                   "application/json");
  REQUIRE(r2);
  CHECK(r2->status == 200);
  CHECK(csv_lines(c, shop) == 2);
}

TEST_CASE("webhooks: KAT bodies over HTTP (S1 S2 S5 S6 S7 W1)", "[webhooks][kat]") {
  const std::string db = test::fresh_db();
  // S2: the laravel-shopify fixture body with its published digest, as orders/paid.
  auto shop = test::create_shop(db, "kat", "", "00000000000000000000000000000000");
  test::Server srv(db);
  auto c = srv.client();
  const std::string s2 = test::realdata("shopify_orders_create_laravel_shopify_2021.json");
  auto r = shopify(c, shop, "orders/paid", "s2", s2, "hvTE9wpDzMcDnPEuHWvYZ58ElKn5vHs0LomurfNIuUc=");
  REQUIRE(r);
  CHECK(r->status == 200);
  // The fixture is a test order, voided and cancelled: verified, then earns nothing.
  CHECK(json::parse(r->body)["status"] == "ignored");
  CHECK(test::ledger(c, shop, "115310627314723954").empty());
  // S5: empty body with its published digest: signature good, then a clear 400.
  auto r5 = shopify(c, shop, "orders/paid", "s5", "", "vhwRQys0GZozEzsl9+bjquUnCkjSE7r1YPgl9S0CY1E=");
  REQUIRE(r5);
  CHECK(r5->status == 400);
  // S1/S6/S7 bodies are not orders: signed right they get past auth (ignored topic); signed wrong, 401.
  auto kat = test::create_shop(db, "kat-s6", "", "secret");
  const std::string s6 = test::realdata("kat_shopify_app_gem_body.txt");
  auto r6 = shopify(c, kat, "products/create", "s6", s6, "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI=");
  REQUIRE(r6);
  CHECK(r6->status == 400);  // "foo=anything" is not JSON: verified first, then refused as malformed
  auto r7 = shopify(c, kat, "products/create", "s7", s6, "XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs=");
  REQUIRE(r7);
  CHECK(r7->status == 401);  // old_secret is not this shop's secret (yet)
  // Rotate from old_secret to secret: S7 is accepted during the grace period.
  auto rot = test::create_shop(db, "kat-s7", "", "old_secret");
  auto rr = c.Put(("/api/v1/admin/shops/" + rot.id + "/secret").c_str(), test::admin_headers(rot),
                  R"({"secret":"secret","grace_seconds":3})", "application/json");
  REQUIRE(rr);
  REQUIRE(rr->status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // shop cache
  auto during = shopify(c, rot, "products/create", "s7a", s6, "XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs=");
  REQUIRE(during);
  CHECK(during->status == 400);  // past the signature check
  auto fresh = shopify(c, rot, "products/create", "s6a", s6, "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI=");
  REQUIRE(fresh);
  CHECK(fresh->status == 400);
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  auto after = shopify(c, rot, "products/create", "s7b", s6, "XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs=");
  REQUIRE(after);
  CHECK(after->status == 401);
  // S1: valid JSON body {"foo": "bar"} with its digest and an unused topic: 200 ignored, nothing written.
  auto s1shop = test::create_shop(db, "kat-s1", "", "test_secret_key");
  auto r1 = shopify(c, s1shop, "products/create", "123456789", test::realdata("kat_shopify_app_js_body.json"),
                    "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
  REQUIRE(r1);
  CHECK(r1->status == 200);
  CHECK(json::parse(r1->body)["status"] == "ignored");
  CHECK(csv_lines(c, s1shop) == 0);
  // W1: the empty-secret digest is refused: a shop with an empty secret accepts nothing.
  auto empty = test::create_shop(db, "kat-w1", "", "");
  // create_shop gives a default secret when "" is passed; clear it explicitly.
  std::string out;
  REQUIRE(test::run_binary({"--db", db, "shop-create", "--shop", empty.id, "--secret", "", "--api-key", empty.api_key}, &out) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto w1 = c.Post(("/webhooks/woocommerce/" + empty.id).c_str(),
                   {{"X-WC-Webhook-Signature", "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs="}, {"X-WC-Webhook-Topic", "order.updated"}},
                   test::realdata("kat_woocommerce_core_body.txt"), "application/json");
  REQUIRE(w1);
  CHECK(w1->status == 401);
  auto g = test::order_event("e1", "E-1", 100).dump();
  auto w2 = c.Post(("/webhooks/generic/" + empty.id).c_str(), {{"X-Loyalty-Signature", test::hex_sig("", g)}}, g, "application/json");
  REQUIRE(w2);
  CHECK(w2->status == 401);
}

TEST_CASE("webhooks: Shopify docs order, refund and customer payloads", "[webhooks]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "docs");
  test::Server srv(db);
  auto c = srv.client();
  const std::string cust = test::realdata("shopify_docs_customers_create.json");
  auto rc = shopify(c, shop, "customers/create", "c-1", cust, test::b64_sig(shop.secret, cust));
  REQUIRE(rc);
  CHECK(rc->status == 200);
  auto signup = test::ledger(c, shop, "706405506930370084");
  REQUIRE(signup.size() == 1);
  CHECK(signup[0]["key"] == "signup");
  CHECK(signup[0]["points"] == 50);

  const std::string order = test::paid_shopify_order();
  auto ro = shopify(c, shop, "orders/paid", "o-1", order, test::b64_sig(shop.secret, order));
  REQUIRE(ro);
  REQUIRE(ro->status == 200);
  const std::string refund = test::realdata("shopify_docs_refunds_create.json");
  auto rf = shopify(c, shop, "refunds/create", "r-1", refund, test::b64_sig(shop.secret, refund));
  REQUIRE(rf);
  CHECK(rf->status == 200);
  auto rf2 = shopify(c, shop, "refunds/create", "r-2", refund, test::b64_sig(shop.secret, refund));
  REQUIRE(rf2);
  CHECK(rf2->status == 200);
  auto entries = test::ledger(c, shop, "115310627314723954");
  std::int64_t sum = 0;
  int clawbacks = 0;
  for (auto& e : entries) {
    sum += e["points"].get<std::int64_t>();
    if (e["type"] == "clawback") {
      ++clawbacks;
      CHECK(e["refund_id"] == "890088186047892319");
    }
  }
  CHECK(clawbacks == 1);
  CHECK(sum == 0);  // every line refunded: every point back
}

TEST_CASE("webhooks: WooCommerce ping, guest order, signed order and refund", "[webhooks]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "woo");
  test::Server srv(db);
  auto c = srv.client();
  auto ping = c.Post(("/webhooks/woocommerce/" + shop.id).c_str(), "webhook_id=17", "application/x-www-form-urlencoded");
  REQUIRE(ping);
  CHECK(ping->status == 200);
  CHECK(csv_lines(c, shop) == 0);

  auto post = [&](const std::string& body, const std::string& delivery) {
    return c.Post(("/webhooks/woocommerce/" + shop.id).c_str(),
                  {{"X-WC-Webhook-Signature", test::b64_sig(shop.secret, body)}, {"X-WC-Webhook-Topic", "order.updated"},
                   {"X-WC-Webhook-Resource", "order"}, {"X-WC-Webhook-Event", "updated"}, {"X-WC-Webhook-Delivery-ID", delivery}},
                  body, "application/json");
  };
  // The docs order is a guest order (customer_id 0): 200, nothing written.
  const std::string guest = test::realdata("woocommerce_docs_order_retrieve.json");
  auto rg = post(guest, "d-0");
  REQUIRE(rg);
  CHECK(rg->status == 200);
  CHECK(csv_lines(c, shop) == 0);

  // The same order for customer 25, as WooCommerce sends it: compact PHP JSON with "\/".
  auto doc = json::parse(guest);
  doc["customer_id"] = 25;
  std::string wire = doc.dump();
  std::string escaped;
  for (char ch : wire) escaped += ch == '/' ? std::string("\\/") : std::string(1, ch);
  REQUIRE(escaped.find("\\/") != std::string::npos);
  auto r1 = post(escaped, "d-1");
  REQUIRE(r1);
  CHECK(r1->status == 200);
  auto e1 = test::ledger(c, shop, "25");
  REQUIRE(e1.size() == 1);
  CHECK(e1[0]["points"] == 18);  // lines 6.00 + 12.00 after discounts; tax and shipping excluded
  // A refund arrives as order.updated with a refunds array.
  doc["refunds"] = json::array({{{"id", 726}, {"reason", ""}, {"total", "-6.00"}}});
  std::string refunded = doc.dump();
  auto r2 = post(refunded, "d-2");
  REQUIRE(r2);
  CHECK(r2->status == 200);
  auto r3 = post(refunded, "d-3");  // another delivery of the same state
  REQUIRE(r3);
  CHECK(r3->status == 200);
  auto e2 = test::ledger(c, shop, "25");
  REQUIRE(e2.size() == 2);
  CHECK(e2[0]["type"] == "clawback");
  CHECK(e2[0]["points"] == -6);
}
