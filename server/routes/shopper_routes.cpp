// The shopper API: CORS for the shop's own origins, then the signed shopper.
#include "auth/identity.h"
#include "routes/router.h"
#include "service/errors.h"

namespace loyalty::server {

namespace {

bool cors(const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
  const std::string origin = req.header("Origin");
  if (origin.empty()) return true;
  for (const auto& o : shop.origins)
    if (o == origin) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
      res.set_header("Access-Control-Expose-Headers", "ETag");
      return true;
    }
  return false;
}

std::string shopper(const HttpRequest& req, const ShopRecord& shop, std::int64_t t) {
  const std::string customer = req.header("X-Loyalty-Customer");
  const std::string sig = req.header("X-Loyalty-Signature");
  if (!customer.empty() || !sig.empty()) {
    if (!valid_id(customer)) throw ApiError(401, "X-Loyalty-Customer must be a customer id", "");
    switch (verify_shopper(shop.secrets_for(SecretPurpose::Shopper), shop.id, customer, sig, t)) {
      case ShopperCheck::Ok: return customer;
      case ShopperCheck::Expired: throw ApiError(401, "the shopper signature has expired", "");
      case ShopperCheck::Malformed: throw ApiError(401, "X-Loyalty-Signature must be <expires>.<hex HMAC>", "");
      case ShopperCheck::BadSignature: throw ApiError(401, "the shopper signature does not match", "");
    }
  }
  // Shopify app proxy: the shop signed the query, logged_in_customer_id included.
  // One Shopify app signs every shop's proxy requests with its one secret, so the
  // signed `shop` is what says which shop the shopper is in: it must be this one.
  if (req.has_param("signature")) {
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
  throw ApiError(401, "sign in: X-Loyalty-Customer and X-Loyalty-Signature are required", "");
}

}  // namespace

int parse_limit(const HttpRequest& req, int fallback) {
  if (!req.has_param("limit")) return fallback;
  const std::string v = req.param("limit");
  if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos)
    throw ApiError(400, "limit must be a whole number", "");
  return std::stoi(v);
}

void install_shopper_routes(Router& r, const RouteContext& ctx) {
  Service& service = ctx.service;
  auto now = ctx.now;
  r.add("OPTIONS", R"(/api/v1/shops/([^/]+)/.*)", "preflight", [&service](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = shop_or_404(service, req.matches[1]);
    if (req.header("Origin").empty() || !cors(req, res, shop)) throw ApiError(403, "origin not allowed for this shop", "");
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   "Content-Type, X-Loyalty-Customer, X-Loyalty-Signature, Idempotency-Key, If-None-Match");
    res.set_header("Access-Control-Max-Age", "600");
    res.status = 204;
  });
  r.add("GET", R"(/api/v1/shops/([^/]+)/program)", "program", [&service](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = shop_or_404(service, req.matches[1]);
    if (!cors(req, res, shop)) throw ApiError(403, "origin not allowed for this shop", "");
    auto p = service.store().shops().program(shop.id);
    if (!p) throw ApiError(404, "the shop has no program yet", "");
    res.set_header("ETag", p->etag);
    res.set_header("Cache-Control", "public, max-age=60");
    if (req.header("If-None-Match") == p->etag) {
      res.status = 304;
      return;
    }
    res.set_content(p->body, "application/json");
  });
  // Every /me route: the shop, its CORS origins, then the signed shopper.
  auto signed_shopper = [&service, now](const HttpRequest& req, HttpResponse& res) {
    ShopRecord shop = shop_or_404(service, req.matches[1]);
    if (!cors(req, res, shop)) throw ApiError(403, "origin not allowed for this shop", "");
    std::string customer = shopper(req, shop, now());
    return std::make_pair(std::move(shop), std::move(customer));
  };
  r.add("GET", R"(/api/v1/shops/([^/]+)/me)", "me", [=, &service](const HttpRequest& req, HttpResponse& res) {
    const auto [shop, customer] = signed_shopper(req, res);
    res.set_header("Cache-Control", "no-store");
    render_json(res, 200, service.me(shop, customer, now()));
  });
  r.add("GET", R"(/api/v1/shops/([^/]+)/me/activity)", "me_activity", [=, &service](const HttpRequest& req, HttpResponse& res) {
    const auto [shop, customer] = signed_shopper(req, res);
    render_json(res, 200, service.activity(shop, customer, req.param("cursor"), parse_limit(req, 20)));
  });
  r.add("POST", R"(/api/v1/shops/([^/]+)/me/redemptions)", "me_redeem", [=, &service](const HttpRequest& req, HttpResponse& res) {
    const auto [shop, customer] = signed_shopper(req, res);
    Outcome o = service.redeem(shop, customer, req.header("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  });
  r.add("POST", R"(/api/v1/shops/([^/]+)/me/actions)", "me_action", [=, &service](const HttpRequest& req, HttpResponse& res) {
    const auto [shop, customer] = signed_shopper(req, res);
    Outcome o = service.claim_action(shop, customer, req.header("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  });
  r.add("POST", R"(/api/v1/shops/([^/]+)/referrals/visit)", "referral_visit", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = shop_or_404(service, req.matches[1]);
    if (!cors(req, res, shop)) throw ApiError(403, "origin not allowed for this shop", "");
    Outcome o = service.referral_visit(shop, req.body, now());
    render_json(res, o.status, o.body);
  });
}

}  // namespace loyalty::server
