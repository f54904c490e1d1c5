// Routes by method and path pattern, and what every route shares: the one
// JSON error shape, who the caller is, the shop named in the log line.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loyalty/result.h"
#include "routes/http_message.h"
#include "service/services.h"

namespace loyalty::server {

using RouteFn = std::function<void(const HttpRequest&, HttpResponse&)>;

class Router {
 public:
  // pattern: a regex over the whole decoded path; its groups become req.matches[1..].
  void add(const char* method, const char* pattern, const char* name, RouteFn fn);
  struct Route {
    std::string method;
    std::regex pattern;
    const char* name;
    RouteFn fn;
  };
  // The route for this request (req.matches filled), or nullptr.
  const Route* find(HttpRequest& req) const;

 private:
  std::vector<Route> routes_;
};

// The one error renderer: {"error": "...", "field": "/pointer"} (+ "errors" when several).
void render_error(HttpResponse& res, int status, const std::string& message, const std::string& field = "",
                  const loyalty::Errors& details = {});
void render_json(HttpResponse& res, int status, const nlohmann::json& body);

// What the route installers need from the server.
struct RouteContext {
  Services& services;
  std::function<std::int64_t()> now;
  std::function<std::string()> metrics_text;
  // The shop a path names, for the auth step (auth/guard.h); notes it for the log line.
  std::function<std::optional<ShopRecord>(const std::string&)> find_shop;
};

// The shop a request is about, for its log line (per thread, per request).
void note_shop(const std::string& id);
// ?limit=N for paged reads (fallback when absent); 400 when not a whole number.
int parse_limit(const HttpRequest& req, int fallback);

// One handler file per caller, each route behind its auth step.
void install_webhook_routes(Router& r, const RouteContext& ctx);
void install_shopper_routes(Router& r, const RouteContext& ctx);
void install_merchant_routes(Router& r, const RouteContext& ctx);
void install_notification_routes(Router& r, const RouteContext& ctx);
void install_ops_routes(Router& r, const RouteContext& ctx);
void install_experiment_routes(Router& r, const RouteContext& ctx);

}  // namespace loyalty::server
