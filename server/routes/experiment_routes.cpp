// A/B tests of showing points: the merchant's (API key) and the widget's
// (public, the shop's origins only) routes.
#include "auth/guard.h"
#include "routes/router.h"
#include "service/errors.h"

namespace loyalty::server {

void install_experiment_routes(Router& r, const RouteContext& ctx) {
  ExperimentService& experiments = ctx.services.experiments;
  auto now = ctx.now;
  add_merchant_route(r, ctx, "POST", R"(/api/v1/admin/shops/([^/]+)/experiments)", "admin_experiment_create", [&experiments, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    Outcome o = experiments.create(shop, req.body, now());
    render_json(res, o.status, o.body);
  });
  add_merchant_route(r, ctx, "GET", R"(/api/v1/admin/shops/([^/]+)/experiments)", "admin_experiments", [&experiments, now](const HttpRequest&, HttpResponse& res, const ShopRecord& shop) {
    render_json(res, 200, experiments.list(shop, now()));
  });
  add_merchant_route(r, ctx, "POST", R"(/api/v1/admin/shops/([^/]+)/experiments/([^/]+)/start)", "admin_experiment_start", [&experiments, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    Outcome o = experiments.start(shop, id_in_path(req, "experiment"), now());
    render_json(res, o.status, o.body);
  });
  add_merchant_route(r, ctx, "POST", R"(/api/v1/admin/shops/([^/]+)/experiments/([^/]+)/end)", "admin_experiment_end", [&experiments, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    Outcome o = experiments.end(shop, id_in_path(req, "experiment"), now());
    render_json(res, o.status, o.body);
  });
  add_merchant_route(r, ctx, "GET", R"(/api/v1/admin/shops/([^/]+)/experiments/([^/]+)/analytics)", "admin_experiment_analytics", [&experiments, now](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
    render_json(res, 200, experiments.analytics(shop, id_in_path(req, "experiment"), now()));
  });

  r.add("GET", R"(/api/v1/shops/([^/]+)/experiments)", "experiments", for_visitor(ctx.find_shop, [&experiments, now](const HttpRequest&, HttpResponse& res, const ShopRecord& shop) {
    res.set_header("Cache-Control", "public, max-age=60");
    render_json(res, 200, experiments.running(shop, now()));
  }));
  // navigator.sendBeacon: no custom headers, and cross-origin only a
  // CORS-safelisted type, so the body is JSON sent as text/plain (any type is read as JSON).
  r.add("POST", R"(/api/v1/shops/([^/]+)/experiments/exposures)", "experiment_exposures", for_beacon(ctx.find_shop, now, [&experiments, now](const HttpRequest& req, HttpResponse& res, const Beacon& beacon) {
    Outcome o = experiments.expose(beacon, req.remote_ip, now());
    render_json(res, o.status, o.body);
  }));
}

}  // namespace loyalty::server
