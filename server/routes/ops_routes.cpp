// Operations handlers: open to anyone who can reach the port (bind it to a
// private address, or filter /metrics at the proxy, to keep them in).
#include "routes/router.h"

namespace loyalty::server {

void install_ops_routes(Router& r, const RouteContext& ctx) {
  Services& service = ctx.services;
  r.add("GET", "/healthz", "healthz", [&service](const HttpRequest&, HttpResponse& res) {
    render_json(res, 200, {{"ok", true}, {"store", service.check_store()}});
  });
  r.add("GET", "/metrics", "metrics", [ctx](const HttpRequest&, HttpResponse& res) {
    res.set_content(ctx.metrics_text(), "text/plain; version=0.0.4");
  });
}

}  // namespace loyalty::server
