// Merchant handlers: the auth step (auth/guard.h) has checked the shop's API key.
#include <memory>

#include "auth/guard.h"
#include "routes/router.h"
#include "service/errors.h"

namespace loyalty::server {

namespace {

// The shop's ledger as CSV, streamed page by page (chunked), so a large ledger never sits in memory.
void stream_csv(MerchantService& service, const ShopRecord& shop, HttpResponse& res) {
  res.set_header("Content-Type", "text/csv");
  res.set_header("Content-Disposition", "attachment; filename=\"" + shop.id + "-ledger.csv\"");
  auto after = std::make_shared<std::int64_t>(0);
  auto header_sent = std::make_shared<bool>(false);
  res.stream = [&service, shop, after, header_sent](std::string& piece) {
    if (!*header_sent) {
      *header_sent = true;
      piece = MerchantService::csv_header();
      return true;
    }
    try {
      piece = service.ledger_csv_page(shop, after.get());
    } catch (const std::exception&) {
      return false;  // cut off: never a file that looks whole without the rows
    }
    return true;
  };
}

}  // namespace

void install_merchant_routes(Router& r, const RouteContext& ctx) {
  MerchantService& merchant = ctx.services.merchants;
  TimerService& timer = ctx.services.timer;
  auto now = ctx.now;
  add_merchant_route(r, ctx, "PUT", R"(/api/v1/admin/shops/([^/]+)/program)", "admin_put_program", [&merchant, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    Outcome o = merchant.put_program(shop, req.body, now());
    render_json(res, o.status, o.body);
  });
  add_merchant_route(r, ctx, "GET", R"(/api/v1/admin/shops/([^/]+)/program)", "admin_get_program", [&merchant](const HttpRequest&, HttpResponse& res, const ShopRecord& shop) {
    auto p = merchant.program(shop.id);
    if (!p) throw ApiError(404, "the shop has no program yet", "");
    res.set_header("ETag", p->served->etag);
    res.set_content(p->body, "application/json");
  });
  add_merchant_route(r, ctx, "PUT", R"(/api/v1/admin/shops/([^/]+)/secret)", "admin_rotate_secret", [&merchant, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    Outcome o = merchant.rotate_secret(shop, req.body, now());
    render_json(res, o.status, o.body);
  });
  add_merchant_route(r, ctx, "GET", R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+))", "admin_customer", [&merchant, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    render_json(res, 200, merchant.view.state(shop, id_in_path(req, "customer"), now()));
  });
  add_merchant_route(r, ctx, "GET", R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+)/ledger)", "admin_ledger", [&merchant](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    render_json(res, 200, merchant.view.activity(shop, id_in_path(req, "customer"), req.param("cursor"), parse_limit(req, 50)));
  });
  add_merchant_route(r, ctx, "POST", R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+)/adjustments)", "admin_adjust", [&merchant, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    Outcome o = merchant.adjust(shop, id_in_path(req, "customer"), req.header("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  });
  add_merchant_route(r, ctx, "GET", R"(/api/v1/admin/shops/([^/]+)/ledger\.csv)", "admin_csv", [&merchant](const HttpRequest&, HttpResponse& res, const ShopRecord& shop) {
    stream_csv(merchant, shop, res);
  });
  add_merchant_route(r, ctx, "GET", R"(/api/v1/admin/shops/([^/]+)/analytics)", "admin_analytics", [&merchant, now](const HttpRequest&, HttpResponse& res, const ShopRecord& shop) {
    render_json(res, 200, merchant.analytics(shop, now()));
  });
  add_merchant_route(r, ctx, "POST", R"(/api/v1/admin/shops/([^/]+)/tick)", "admin_tick", [&timer, now](const HttpRequest&, HttpResponse& res, const ShopRecord& shop) {
    const TimerService::Totals t = timer.tick(shop.id, now());
    render_json(res, 200, {{"customers", t.customers}, {"entries", t.entries}, {"corrupt", t.corrupt}});
  });
}

}  // namespace loyalty::server
