#include "auth/guard.h"

#include <cstdlib>
#include <regex>

#include "auth/identity.h"
#include "service/errors.h"
#include "service/json_body.h"

namespace loyalty::server {

namespace {

ShopRecord shop_or_404(const FindShop& find, const HttpRequest& req) {
  auto shop = find(req.matches.at(1));
  if (!shop) throw ApiError(404, "no such shop", "");
  return *shop;
}

// CORS for the shop's own origins only: a request without an Origin is not a browser's.
void check_origin(const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
  const std::string origin = req.header("Origin");
  if (origin.empty()) return;
  for (const auto& o : shop.origins)
    if (o == origin) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
      res.set_header("Access-Control-Expose-Headers", "ETag");
      return;
    }
  throw ApiError(403, "origin not allowed for this shop", "");
}

std::string signed_customer(const HttpRequest& req, const ShopRecord& shop, std::int64_t t) {
  const std::string customer = req.header("X-Loyalty-Customer");
  const std::string sig = req.header("X-Loyalty-Signature");
  if (!valid_id(customer)) throw ApiError(401, "X-Loyalty-Customer must be a customer id", "");
  switch (verify_shopper(shop.secrets_for(SecretPurpose::Shopper), shop.id, customer, sig, t)) {
    case ShopperCheck::Ok: return customer;
    case ShopperCheck::Expired: throw ApiError(401, "the shopper signature has expired", "");
    case ShopperCheck::Malformed: throw ApiError(401, "X-Loyalty-Signature must be <expires>.<hex HMAC>", "");
    case ShopperCheck::BadSignature: break;
  }
  throw ApiError(401, "the shopper signature does not match", "");
}

// Shopify app proxy: the shop signed the query, logged_in_customer_id included.
// One Shopify app signs every shop's proxy requests with its one secret, so the
// signed `shop` is what says which shop the shopper is in: it must be this one.
std::string app_proxy_customer(const HttpRequest& req, const ShopRecord& shop, std::int64_t t) {
  if (verify_app_proxy(shop.secrets_for(SecretPurpose::Shopify), req.raw_query, t) != ProxyCheck::Ok)
    throw ApiError(401, "the app proxy signature does not match", "");
  if (shop.shopify_domain.empty())
    throw ApiError(401, "this shop has no Shopify domain, so no app proxy request is accepted (shop-create --shopify-domain)", "");
  if (req.param("shop") != shop.shopify_domain) throw ApiError(401, "the app proxy request was signed for another shop", "");
  const std::string ts = req.param("timestamp");
  char* end = nullptr;
  const long long when = std::strtoll(ts.c_str(), &end, 10);
  if (ts.empty() || *end || when < t - 86400 || when > t + 300) throw ApiError(401, "the app proxy timestamp is stale", "");
  const std::string customer_id = req.param("logged_in_customer_id");
  if (customer_id.empty()) throw ApiError(401, "no customer is logged in", "");
  if (!valid_id(customer_id)) throw ApiError(401, "bad logged_in_customer_id", "");
  return customer_id;
}

std::string shopper_id(const HttpRequest& req, const ShopRecord& shop, std::int64_t t) {
  if (!req.header("X-Loyalty-Customer").empty() || !req.header("X-Loyalty-Signature").empty())
    return signed_customer(req, shop, t);
  if (req.has_param("signature")) return app_proxy_customer(req, shop, t);
  throw ApiError(401, "sign in: X-Loyalty-Customer and X-Loyalty-Signature are required", "");
}

std::string bearer(const HttpRequest& req) {
  std::string a = req.header("Authorization");
  if (a.rfind("Bearer ", 0) == 0) return a.substr(7);
  return "";
}

struct SignerRule {
  const char* headers[2];  // the second: another name for it, or null
  SecretPurpose purpose;
  SignatureEncoding encoding;
  const char* refusal;
};

SignerRule rule_for(WebhookSigner s) {
  switch (s) {
    case WebhookSigner::Shopify:
      return {{"X-Shopify-Hmac-Sha256", "Shopify-Hmac-Sha256"}, SecretPurpose::Shopify, SignatureEncoding::Base64,
              "X-Shopify-Hmac-Sha256 does not match the body"};
    case WebhookSigner::WooCommerce:
      return {{"X-WC-Webhook-Signature", nullptr}, SecretPurpose::WooCommerce, SignatureEncoding::Base64,
              "X-WC-Webhook-Signature does not match the body"};
    case WebhookSigner::Generic: break;
  }
  return {{"X-Loyalty-Signature", nullptr}, SecretPurpose::Generic, SignatureEncoding::HexOrBase64,
          "X-Loyalty-Signature does not match the body"};
}

}  // namespace

std::string first_header(const HttpRequest& req, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (n && req.has_header(n)) return req.header(n);
  return "";
}

bool valid_id(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string id_member(const nlohmann::json& j, const std::string& name, const std::string& pointer) {
  if (!j.contains(name)) throw ApiError(422, "is required", pointer);
  if (!j[name].is_string() || !valid_id(j[name].get<std::string>()))
    throw ApiError(422, "must be 1 to 128 characters without control characters", pointer);
  return j[name].get<std::string>();
}

Handler for_visitor(FindShop find, std::function<void(const HttpRequest&, HttpResponse&, const ShopRecord&)> handler) {
  return [find = std::move(find), handler = std::move(handler)](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = shop_or_404(find, req);
    check_origin(req, res, shop);
    handler(req, res, shop);
  };
}

Handler for_shopper(FindShop find, Clock now, std::function<void(const HttpRequest&, HttpResponse&, const Shopper&)> handler) {
  return [find = std::move(find), now = std::move(now), handler = std::move(handler)](const HttpRequest& req, HttpResponse& res) {
    Shopper who{shop_or_404(find, req), ""};
    check_origin(req, res, who.shop);
    who.customer = shopper_id(req, who.shop, now());
    handler(req, res, who);
  };
}

Handler for_merchant(FindShop find, std::function<void(const HttpRequest&, HttpResponse&, const ShopRecord&)> handler) {
  return [find = std::move(find), handler = std::move(handler)](const HttpRequest& req, HttpResponse& res) {
    auto shop = find(req.matches.at(1));
    if (!shop || !api_key_matches(shop->api_key_hash, bearer(req))) throw ApiError(401, "a valid API key for this shop is required", "");
    handler(req, res, *shop);
  };
}

Handler for_webhook(FindShop find, Clock now, WebhookSigner signer,
                    std::function<void(const HttpRequest&, HttpResponse&, const SignedWebhook&)> handler) {
  return [find = std::move(find), now = std::move(now), signer, handler = std::move(handler)](const HttpRequest& req,
                                                                                             HttpResponse& res) {
    SignedWebhook hook{shop_or_404(find, req), false};
    const SignerRule rule = rule_for(signer);
    const std::string sig = first_header(req, {rule.headers[0], rule.headers[1]});
    // WooCommerce's creation ping: unsigned, form-encoded "webhook_id=N".
    static const std::regex ping(R"(webhook_id=[0-9]{1,20})");
    hook.ping = signer == WebhookSigner::WooCommerce && sig.empty() && std::regex_match(req.body, ping);
    if (!hook.ping &&
        (sig.empty() || !verify_body_signature(hook.shop.secrets_for(rule.purpose), req.body, sig, now(), rule.encoding)))
      throw ApiError(401, rule.refusal, "");
    handler(req, res, hook);
  };
}

Handler for_beacon(FindShop find, Clock now, std::function<void(const HttpRequest&, HttpResponse&, const Beacon&)> handler) {
  return [find = std::move(find), now = std::move(now), handler = std::move(handler)](const HttpRequest& req, HttpResponse& res) {
    Beacon who{shop_or_404(find, req), "visitor", "", nlohmann::json()};
    check_origin(req, res, who.shop);
    who.body = read_json_object(req.body, "beacon", {"visitor", "customer", "signature", "exposures"});
    const nlohmann::json& j = who.body;
    if (!j.contains("customer")) {
      who.subject = id_member(j, "visitor", "/visitor");
      return handler(req, res, who);
    }
    who.kind = "customer";
    who.subject = id_member(j, "customer", "/customer");
    if (!j.contains("signature") || !j["signature"].is_string())
      throw ApiError(422, "is required with customer (the X-Loyalty-Signature value)", "/signature");
    if (verify_shopper(who.shop.secrets_for(SecretPurpose::Shopper), who.shop.id, who.subject, j["signature"].get<std::string>(),
                       now()) != ShopperCheck::Ok)
      throw ApiError(422, "does not sign this customer for this shop, or has expired", "/signature");
    handler(req, res, who);
  };
}

}  // namespace loyalty::server
