// Shopify app proxy as identity: one app secret signs every shop's proxy
// requests, so the signed `shop` must be the path's shop; the signature is
// computed over the raw query exactly as Shopify computes it.
#include <catch2/catch.hpp>

#include "harness.h"

using test::json;

namespace {

std::string me(const test::Shop& s) { return "/api/v1/shops/" + s.id + "/me"; }

}  // namespace

TEST_CASE("app proxy: a signature for one shop is refused on another shop's path", "[app-proxy]") {
  const std::string db = test::fresh_db();
  const std::string app_secret = "one-shopify-app-secret";
  const std::string a_domain = test::unique("a") + ".myshopify.com", b_domain = test::unique("b") + ".myshopify.com";
  auto a = test::create_shop(db, "proxy-a", "", "", {"--shopify-secret", app_secret, "--shopify-domain", a_domain});
  auto b = test::create_shop(db, "proxy-b", "", "", {"--shopify-secret", app_secret, "--shopify-domain", b_domain});
  auto none = test::create_shop(db, "proxy-none", "", "", {"--shopify-secret", app_secret});
  test::Server srv(db);
  auto c = srv.client();
  const std::string signed_for_a = test::app_proxy_query(app_secret, a_domain, "777");
  auto on_a = c.Get((me(a) + "?" + signed_for_a).c_str());
  REQUIRE(on_a);
  CHECK(on_a->status == 200);
  CHECK(json::parse(on_a->body)["customer_id"] == "777");
  auto on_b = c.Get((me(b) + "?" + signed_for_a).c_str());
  REQUIRE(on_b);
  CHECK(on_b->status == 401);
  CHECK(json::parse(on_b->body)["error"] == "the app proxy request was signed for another shop");
  // A shop without a stored Shopify domain accepts no proxy request.
  auto on_none = c.Get((me(none) + "?" + signed_for_a).c_str());
  REQUIRE(on_none);
  CHECK(on_none->status == 401);
  // The shop's own secret (the shopper-signing one) does not sign proxy requests.
  auto with_shop_secret = c.Get((me(a) + "?" + test::app_proxy_query(a.secret, a_domain, "777")).c_str());
  REQUIRE(with_shop_secret);
  CHECK(with_shop_secret->status == 401);
}

TEST_CASE("app proxy: repeated keys and values holding '=' are signed as Shopify signs them", "[app-proxy]") {
  const std::string db = test::fresh_db();
  const std::string domain = test::unique("raw") + ".myshopify.com";
  auto s = test::create_shop(db, "proxy-raw", "", "app-secret", {"--shopify-domain", domain});
  test::Server srv(db);
  auto c = srv.client();
  const std::string ts = std::to_string(test::now());
  // What Shopify signs: decoded pairs, repeated keys joined with ",", sorted, concatenated.
  const std::string signed_text = "logged_in_customer_id=42path_prefix=/apps/loyaltyshop=" + domain + "timestamp=" + ts +
                                  "x=1,1y=a=b";
  const std::string query = "shop=" + domain + "&logged_in_customer_id=42&path_prefix=%2Fapps%2Floyalty&timestamp=" + ts +
                            "&x=1&x=1&y=a=b&signature=" + test::hex_sig("app-secret", signed_text);
  auto r = c.Get((me(s) + "?" + query).c_str());
  REQUIRE(r);
  CHECK(r->status == 200);
}
