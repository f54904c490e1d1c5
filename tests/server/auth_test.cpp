// Signatures against the public known-answer cases in shared/realdata/SOURCES.md,
// shopper identity tokens and exact money parsing.
#include <catch2/catch.hpp>

#include "auth/crypto.h"
#include "auth/identity.h"
#include "harness.h"
#include "service/amount.h"

using namespace loyalty::server;

namespace {
bool shopify_ok(const std::string& secret, const std::string& body, const std::string& header) {
  return verify_body_signature(ShopSecrets{secret, "", 0}, body, header, test::now(), SignatureEncoding::Base64);
}
}  // namespace

TEST_CASE("auth: Shopify webhook known answers S1 S2 S5 S6", "[auth][kat]") {
  CHECK(shopify_ok("test_secret_key", test::realdata("kat_shopify_app_js_body.json"), "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="));
  CHECK(shopify_ok("00000000000000000000000000000000", test::realdata("shopify_orders_create_laravel_shopify_2021.json"),
                   "hvTE9wpDzMcDnPEuHWvYZ58ElKn5vHs0LomurfNIuUc="));
  CHECK(test::realdata("kat_laravel_shopify_empty_body.txt").empty());
  CHECK(shopify_ok("00000000000000000000000000000000", "", "vhwRQys0GZozEzsl9+bjquUnCkjSE7r1YPgl9S0CY1E="));
  CHECK(shopify_ok("secret", test::realdata("kat_shopify_app_gem_body.txt"), "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI="));
  // One changed byte or the wrong secret fails.
  CHECK_FALSE(shopify_ok("test_secret_key", "{\"foo\": \"baz\"}", "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="));
  CHECK_FALSE(shopify_ok("secret2", test::realdata("kat_shopify_app_gem_body.txt"), "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI="));
  CHECK_FALSE(shopify_ok("secret", test::realdata("kat_shopify_app_gem_body.txt"), ""));
  CHECK_FALSE(shopify_ok("secret", test::realdata("kat_shopify_app_gem_body.txt"), "not base64!"));
}

TEST_CASE("auth: rotated secret S7 accepted only until the grace end", "[auth][kat]") {
  const std::string body = test::realdata("kat_shopify_app_gem_body.txt");
  const std::string s7 = "XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs=";
  const std::int64_t t = 1800000000;
  ShopSecrets rotated{"secret", "old_secret", t + 60};
  CHECK(verify_body_signature(rotated, body, s7, t, SignatureEncoding::Base64));
  CHECK(verify_body_signature(rotated, body, "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI=", t, SignatureEncoding::Base64));
  CHECK_FALSE(verify_body_signature(rotated, body, s7, t + 60, SignatureEncoding::Base64));
}

TEST_CASE("auth: WooCommerce W1 and the empty secret", "[auth][kat]") {
  // The digest itself matches the published case...
  CHECK(to_base64(hmac_sha256("", test::realdata("kat_woocommerce_core_body.txt"))) == "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=");
  // ...but a shop with an empty secret accepts no webhook at all.
  CHECK_FALSE(verify_body_signature(ShopSecrets{"", "", 0}, "secret", "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=", test::now(),
                                    SignatureEncoding::Base64));
}

TEST_CASE("auth: Shopify app proxy known answers P1 P2", "[auth][kat]") {
  // Shopify's documented example, as the raw query string the proxy sends.
  const std::string base = "extra=1&extra=2&shop=shop-name.myshopify.com&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555";
  const std::string p1 = base + "&logged_in_customer_id=1&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb";
  CHECK(app_proxy_message(p1) ==
        "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555");
  CHECK(verify_app_proxy(ShopSecrets{"hush", "", 0}, p1, 0) == ProxyCheck::Ok);
  CHECK(verify_app_proxy(ShopSecrets{"hushh", "", 0}, p1, 0) == ProxyCheck::BadSignature);
  const std::string p2 = base + "&logged_in_customer_id=&signature=e072b6d7e6622d85912a5214b860d3100dc1e73d9bc29f43796ac8c9ff8093cb";
  CHECK(verify_app_proxy(ShopSecrets{"hush", "", 0}, p2, 0) == ProxyCheck::Ok);
  // Changing the customer breaks it.
  const std::string forged = base + "&logged_in_customer_id=2&signature=e072b6d7e6622d85912a5214b860d3100dc1e73d9bc29f43796ac8c9ff8093cb";
  CHECK(verify_app_proxy(ShopSecrets{"hush", "", 0}, forged, 0) == ProxyCheck::BadSignature);
  CHECK(verify_app_proxy(ShopSecrets{"hush", "", 0}, base, 0) == ProxyCheck::Unsigned);
}

TEST_CASE("auth: the app proxy message keeps repeated pairs and values holding '='", "[auth]") {
  // Shopify signs x=1&x=1 as "x=1,1" and x=a=b as "x=a=b".
  CHECK(app_proxy_message("x=1&x=1&shop=a.myshopify.com") == "shop=a.myshopify.comx=1,1");
  CHECK(app_proxy_message("x=a=b&shop=a.myshopify.com") == "shop=a.myshopify.comx=a=b");
  CHECK(app_proxy_message("b=2&a=%3D1&signature=ff") == "a==1b=2");
}

TEST_CASE("auth: shopper identity tokens", "[auth]") {
  const ShopSecrets s{"s3cret", "", 0};
  const std::int64_t t = 1800000000;
  const std::string sig = sign_shopper("s3cret", "demo", "42", t + 100);
  CHECK(sig.rfind(std::to_string(t + 100) + ".", 0) == 0);
  CHECK(verify_shopper(s, "demo", "42", sig, t) == ShopperCheck::Ok);
  CHECK(verify_shopper(s, "demo", "42", sig, t + 100) == ShopperCheck::Expired);
  CHECK(verify_shopper(s, "other", "42", sig, t) == ShopperCheck::BadSignature);
  CHECK(verify_shopper(s, "demo", "43", sig, t) == ShopperCheck::BadSignature);
  CHECK(verify_shopper(s, "demo", "42", std::to_string(t + 999) + sig.substr(sig.find('.')), t) == ShopperCheck::BadSignature);
  CHECK(verify_shopper(s, "demo", "42", "garbage", t) == ShopperCheck::Malformed);
  CHECK(verify_shopper(ShopSecrets{"", "", 0}, "demo", "42", sign_shopper("", "demo", "42", t + 100), t) == ShopperCheck::BadSignature);
  // The CLI prints the same scheme.
  std::string out;
  REQUIRE(test::run_binary({"sign", "--secret", "s3cret", "--shop", "demo", "--customer", "42", "--ttl", "60"}, &out) == 0);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  CHECK(verify_shopper(s, "demo", "42", out, test::now()) == ShopperCheck::Ok);
}

TEST_CASE("amount: decimal strings become exact minor units", "[amount]") {
  CHECK(parse_minor("414.95", 2) == 41495);
  CHECK(parse_minor("0.10", 2) == 10);
  CHECK(parse_minor("3", 2) == 300);
  CHECK(parse_minor("-10.00", 2) == -1000);
  CHECK(parse_minor("12.300", 2) == 1230);
  CHECK(parse_minor("1500", 0) == 1500);
  CHECK_FALSE(parse_minor("0.001", 2));
  CHECK_FALSE(parse_minor("1e3", 2));
  CHECK_FALSE(parse_minor("", 2));
  CHECK_FALSE(parse_minor(".", 2));
  CHECK_FALSE(parse_minor("99999999999999999999", 2));
  CHECK_FALSE(parse_minor("12,30", 2));
}
