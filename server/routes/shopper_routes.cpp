// Shopper handlers: the auth step (auth/guard.h) has found the shop, checked the
// request's Origin against the shop's and, for /me, the signed shopper.
#include "auth/guard.h"
#include "routes/router.h"
#include "service/errors.h"

namespace loyalty::server {

int parse_limit(const HttpRequest& req, int fallback) {
  if (!req.has_param("limit")) return fallback;
  const std::string v = req.param("limit");
  if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos)
    throw ApiError(400, "limit must be a whole number", "");
  return std::stoi(v);
}

void install_shopper_routes(Router& r, const RouteContext& ctx) {
  ShopperService& service = ctx.services.shoppers;
  auto now = ctx.now;
  r.add("OPTIONS", R"(/api/v1/shops/([^/]+)/.*)", "preflight", for_visitor(ctx.find_shop, [](const HttpRequest& req, HttpResponse& res, const ShopRecord&) {
    if (req.header("Origin").empty()) throw ApiError(403, "origin not allowed for this shop", "");
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   "Content-Type, X-Loyalty-Customer, X-Loyalty-Signature, Idempotency-Key, If-None-Match");
    res.set_header("Access-Control-Max-Age", "600");
    res.status = 204;
  }));
  r.add("GET", R"(/api/v1/shops/([^/]+)/program)", "program", for_visitor(ctx.find_shop, [&service](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    auto p = service.program(shop.id);
    if (!p) throw ApiError(404, "the shop has no program yet", "");
    res.set_header("ETag", p->served->etag);
    res.set_header("Cache-Control", "public, max-age=60");
    if (req.header("If-None-Match") == p->served->etag) {
      res.status = 304;
      return;
    }
    res.set_content(p->served->text, "application/json");
  }));
  r.add("GET", R"(/api/v1/shops/([^/]+)/me)", "me", for_shopper(ctx.find_shop, now, [&service, now](const HttpRequest&, HttpResponse& res, const Shopper& who) {
    res.set_header("Cache-Control", "no-store");
    render_json(res, 200, service.view.state(who.shop, who.customer, now()));
  }));
  r.add("GET", R"(/api/v1/shops/([^/]+)/me/activity)", "me_activity", for_shopper(ctx.find_shop, now, [&service](const HttpRequest& req, HttpResponse& res, const Shopper& who) {
    render_json(res, 200, service.view.activity(who.shop, who.customer, req.param("cursor"), parse_limit(req, 20)));
  }));
  r.add("POST", R"(/api/v1/shops/([^/]+)/me/redemptions)", "me_redeem", for_shopper(ctx.find_shop, now, [&service, now](const HttpRequest& req, HttpResponse& res, const Shopper& who) {
    Outcome o = service.redeem(who.shop, who.customer, req.header("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  }));
  r.add("POST", R"(/api/v1/shops/([^/]+)/me/actions)", "me_action", for_shopper(ctx.find_shop, now, [&service, now](const HttpRequest& req, HttpResponse& res, const Shopper& who) {
    Outcome o = service.claim_action(who.shop, who.customer, req.header("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  }));
  r.add("POST", R"(/api/v1/shops/([^/]+)/me/notes/dismiss)", "me_notes_dismiss", for_shopper(ctx.find_shop, now, [&service, now](const HttpRequest& req, HttpResponse& res, const Shopper& who) {
    Outcome o = service.notes.dismiss(who.shop.id, who.customer, req.body, now());
    render_json(res, o.status, o.body);
  }));
  r.add("POST", R"(/api/v1/shops/([^/]+)/referrals/visit)", "referral_visit", for_visitor(ctx.find_shop, [&service, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    Outcome o = service.referral_visit(shop, req.body, now());
    render_json(res, o.status, o.body);
  }));
}

}  // namespace loyalty::server
