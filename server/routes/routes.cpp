#include "routes/routes.h"

#include <chrono>
#include <ctime>
#include <iostream>

#include "auth/guard.h"
#include "loyalty/json_io.h"
#include "routes/connection_server.h"
#include "routes/router.h"
#include "routes/static_assets.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "service/log.h"

namespace loyalty::server {

using nlohmann::json;

namespace {
thread_local std::string t_shop;
}  // namespace

void note_shop(const std::string& id) { t_shop = id; }

void render_error(HttpResponse& res, int status, const std::string& message, const std::string& field,
                  const loyalty::Errors& details) {
  json body = {{"error", message}};
  if (!field.empty()) body["field"] = field;
  if (details.size() > 1) body["errors"] = to_nlohmann(loyalty::errors_json(details));
  res.status = status;
  res.set_content(dump(body), "application/json");
}

void render_json(HttpResponse& res, int status, const json& body) {
  res.status = status;
  res.set_content(dump(body), "application/json");
}

void Router::add(const char* method, const char* pattern, const char* name, RouteFn fn) {
  routes_.push_back({method, std::regex(pattern), name, std::move(fn)});
}

std::string id_in_path(const HttpRequest& req, const char* what) {
  const std::string& id = req.matches[2];
  if (!valid_id(id)) throw ApiError(400, std::string("bad ") + what + " id", "");
  return id;
}

void add_merchant_route(Router& r, const RouteContext& ctx, const char* method, const char* pattern, const char* name,
                        std::function<void(const HttpRequest&, HttpResponse&, const ShopRecord&)> handler) {
  r.add(method, pattern, name, for_merchant(ctx.find_shop, std::move(handler)));
}

const Router::Route* Router::find(HttpRequest& req) const {
  std::smatch m;
  for (const auto& r : routes_) {
    if (r.method != req.method || !std::regex_match(req.path, m, r.pattern)) continue;
    req.matches.assign(m.begin(), m.end());
    return &r;
  }
  return nullptr;
}

HttpServer::HttpServer(Services& service, HttpOptions o) : service_(service), opts_(std::move(o)) {
  ConnectionLimits limits;
  limits.max_body = opts_.max_body;
  limits.keep_alive_ms = opts_.keep_alive_seconds * 1000;
  limits.request_ms = std::max(1, opts_.request_seconds) * 1000;
  limits.threads = opts_.threads;
  router_ = std::make_unique<Router>();
  connections_ = std::make_unique<ConnectionServer>(
      limits, [this](HttpRequest& req, HttpResponse& res) { dispatch(req, res); },
      [this](int status, const std::string& why, HttpResponse& res) {
        render_error(res, status, why);
        metrics_.observe("refused", status, 0);
      });
  RouteContext ctx{service_, [this] { return now(); },
                   [this] { return metrics_.render(service_.counters(), service_.store_kind(), connections_->open_connections()); },
                   [this](const std::string& id) {
                     note_shop(id);
                     return service_.shop(id);
                   }};
  install_ops_routes(*router_, ctx);
  install_webhook_routes(*router_, ctx);
  install_shopper_routes(*router_, ctx);
  install_merchant_routes(*router_, ctx);
  install_experiment_routes(*router_, ctx);
  install_notification_routes(*router_, ctx);
}

HttpServer::~HttpServer() = default;

std::int64_t HttpServer::now() const { return static_cast<std::int64_t>(std::time(nullptr)) + opts_.clock_offset; }

void HttpServer::stop() { connections_->stop(); }

bool HttpServer::run() {
  bound_port_ = connections_->bind(opts_.bind, opts_.port);
  if (bound_port_ <= 0) return false;
  std::cerr << dump(json{{"msg", "listening"}, {"bind", opts_.bind}, {"port", bound_port_},
                                  {"store", service_.store_kind()}})
            << std::endl;
  connections_->run();
  return true;
}

// --static: routes/static_assets.h decides the answer; false when no such file.
bool HttpServer::serve_static(const HttpRequest& req, HttpResponse& res) const {
  auto a = static_asset(opts_.static_dir, "GET", req.path, [&](const std::string& n) { return req.header(n); });
  if (!a) return false;
  res.status = a->status;
  res.headers = std::move(a->headers);
  res.body = std::move(a->body);
  return true;
}

// Every request runs inside this: one place turns failures into the JSON error
// shape, counts the request and writes its log line.
void HttpServer::dispatch(HttpRequest& req, HttpResponse& res) {
  const auto start = std::chrono::steady_clock::now();
  t_shop.clear();
  ++metrics_.inflight;
  const char* route = "other";
  try {
    if (const Router::Route* r = router_->find(req)) {
      route = r->name;
      r->fn(req, res);
    } else if (!opts_.static_dir.empty() && req.method == "GET" && serve_static(req, res)) {
      route = "static";  // --static comes last: every API route wins
    } else {
      render_error(res, 404, "no such route");
    }
  } catch (const ApiError& e) {
    render_error(res, e.status, e.what(), e.field, e.details);
  } catch (const DbError& e) {
    log_error(e.what());
    render_error(res, 503, "storage unavailable; retry");
  } catch (const std::exception& e) {
    log_error(e.what());
    render_error(res, 500, "internal error");
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  --metrics_.inflight;
  metrics_.observe(route, res.status, secs);
  if (!opts_.log_requests) return;
  json line = {{"ts", now()}, {"method", req.method}, {"path", req.path}, {"route", route}, {"status", res.status},
               {"ms", static_cast<double>(static_cast<std::int64_t>(secs * 1e5)) / 100.0}, {"bytes_in", req.body.size()}};
  if (!t_shop.empty()) line["shop"] = t_shop;
  std::cerr << dump(line) + "\n" << std::flush;
}

}  // namespace loyalty::server
