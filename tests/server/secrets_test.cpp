// A secret per purpose: the Shopify app secret, the WooCommerce webhook
// secret, the generic sender's and the shopper-signing secret each sign only
// their own; each rotates on its own with a grace period; a shop with one
// secret (as before) keeps working until it rotates a purpose.
#include <catch2/catch.hpp>

#include "auth/identity.h"
#include "harness.h"

using test::json;

namespace {

struct Signers {
  httplib::Client& c;
  const test::Shop& shop;
  int n = 0;

  int generic(const std::string& secret) {
    const std::string id = std::to_string(++n);
    const std::string body = test::order_event("g" + id, "G-" + id, 1000).dump();
    auto r = c.Post(("/webhooks/generic/" + shop.id).c_str(), {{"X-Loyalty-Signature", test::hex_sig(secret, body)}}, body,
                    "application/json");
    return r ? r->status : -1;
  }
  int shopify(const std::string& secret) {
    const std::string body = test::paid_shopify_order();
    auto r = c.Post(("/webhooks/shopify/" + shop.id).c_str(),
                    {{"X-Shopify-Hmac-Sha256", test::b64_sig(secret, body)}, {"X-Shopify-Topic", "orders/paid"},
                     {"X-Shopify-Webhook-Id", "s" + std::to_string(++n)}},
                    body, "application/json");
    return r ? r->status : -1;
  }
  int woocommerce(const std::string& secret) {
    const std::string body = R"({"id":1,"customer_id":0,"status":"processing","line_items":[]})";
    auto r = c.Post(("/webhooks/woocommerce/" + shop.id).c_str(),
                    {{"X-WC-Webhook-Signature", test::b64_sig(secret, body)}, {"X-WC-Webhook-Topic", "order.created"},
                     {"X-WC-Webhook-Delivery-ID", "w" + std::to_string(++n)}},
                    body, "application/json");
    return r ? r->status : -1;
  }
  int shopper(const std::string& secret) {
    httplib::Headers h = {{"X-Loyalty-Customer", "c1"},
                          {"X-Loyalty-Signature", loyalty::server::sign_shopper(secret, shop.id, "c1", test::now() + 600)}};
    auto r = c.Get(("/api/v1/shops/" + shop.id + "/me").c_str(), h);
    return r ? r->status : -1;
  }
  int rotate(const std::string& purpose, const std::string& secret, int grace) {
    json body = {{"secret", secret}, {"grace_seconds", grace}};
    if (!purpose.empty()) body["purpose"] = purpose;
    auto r = c.Put(("/api/v1/admin/shops/" + shop.id + "/secret").c_str(), test::admin_headers(shop), body.dump(),
                   "application/json");
    return r ? r->status : -1;
  }
};

}  // namespace

TEST_CASE("secrets: each purpose's secret signs only its own", "[secrets]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "purposes", "", "the-old-one",
                                {"--shopify-secret", "app-secret", "--woocommerce-secret", "wc-secret", "--generic-secret",
                                 "sender-secret", "--shopper-secret", "shopper-secret"});
  test::Server srv(db);
  auto c = srv.client();
  Signers s{c, shop};
  CHECK(s.generic("sender-secret") == 200);
  CHECK(s.shopify("app-secret") == 200);
  CHECK(s.woocommerce("wc-secret") == 200);
  CHECK(s.shopper("shopper-secret") == 200);
  // The shopper-signing secret (the one a theme may expose) signs no webhook: no minting points with it.
  CHECK(s.generic("shopper-secret") == 401);
  CHECK(s.shopify("shopper-secret") == 401);
  CHECK(s.woocommerce("shopper-secret") == 401);
  // No webhook secret signs a shopper, and no webhook source's secret another's.
  for (const char* w : {"app-secret", "wc-secret", "sender-secret"}) CHECK(s.shopper(w) == 401);
  CHECK(s.generic("app-secret") == 401);
  CHECK(s.shopify("wc-secret") == 401);
  // Once every purpose has its own, the shop's old single secret signs nothing.
  CHECK(s.generic("the-old-one") == 401);
  CHECK(s.shopper("the-old-one") == 401);
}

TEST_CASE("secrets: a one-secret shop keeps working; each purpose rotates on its own with its grace", "[secrets]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "legacy", "", "only-secret");
  test::Server srv(db);
  auto c = srv.client();
  Signers s{c, shop};
  CHECK(s.generic("only-secret") == 200);
  CHECK(s.shopify("only-secret") == 200);
  CHECK(s.woocommerce("only-secret") == 200);
  CHECK(s.shopper("only-secret") == 200);
  // The shopper secret rotates alone, no grace: the old one stops signing shoppers, still signs webhooks.
  REQUIRE(s.rotate("shopper", "new-shopper", 0) == 200);
  CHECK(s.shopper("new-shopper") == 200);
  CHECK(s.shopper("only-secret") == 401);
  CHECK(s.generic("only-secret") == 200);
  CHECK(s.generic("new-shopper") == 401);
  // The generic sender's, with an hour's grace: both sign generic webhooks for now, neither a shopper's.
  REQUIRE(s.rotate("generic", "new-sender", 3600) == 200);
  CHECK(s.generic("new-sender") == 200);
  CHECK(s.generic("only-secret") == 200);
  CHECK(s.shopper("new-sender") == 401);
  // Rotating the shop's one secret moves only the purposes without their own.
  REQUIRE(s.rotate("", "second-secret", 0) == 200);
  CHECK(s.shopify("second-secret") == 200);
  CHECK(s.shopify("only-secret") == 401);
  CHECK(s.shopper("new-shopper") == 200);
  CHECK(s.shopper("second-secret") == 401);
  // An unknown purpose is refused, naming the field.
  auto bad = c.Put(("/api/v1/admin/shops/" + shop.id + "/secret").c_str(), test::admin_headers(shop),
                   R"({"secret":"x","purpose":"everything"})", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 422);
  CHECK(json::parse(bad->body)["field"] == "/purpose");
  // The command line rotates one purpose too.
  std::string out;
  REQUIRE(test::run_binary({"--db", db, "shop-rotate", "--shop", shop.id, "--purpose", "woocommerce", "--secret", "wc-2",
                            "--grace-seconds", "0"},
                           &out) == 0);
  test::Server fresh(db);  // shops are cached for a second per process
  auto c2 = fresh.client();
  Signers s2{c2, shop, 100};
  CHECK(s2.woocommerce("wc-2") == 200);
  CHECK(s2.woocommerce("second-secret") == 401);
}
