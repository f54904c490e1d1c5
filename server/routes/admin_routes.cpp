// The merchant API: Authorization: Bearer <the shop's API key>.
#include <cstring>
#include <memory>

#include "auth/identity.h"
#include "loyalty/json_io.h"
#include "routes/router.h"
#include "service/errors.h"
#include "service/json_body.h"

namespace loyalty::server {

using nlohmann::json;

namespace {

std::string bearer(const HttpRequest& req) {
  std::string a = req.header("Authorization");
  if (a.rfind("Bearer ", 0) == 0) return a.substr(7);
  return "";
}

ShopRecord admin_shop(Service& service, const HttpRequest& req) {
  const std::string& id = req.matches[1];
  note_shop(id);
  auto shop = service.store().shops().shop(id);
  // Unknown shop and wrong key look the same: a key never learns about other shops.
  if (!shop || !api_key_matches(shop->api_key_hash, bearer(req))) throw ApiError(401, "a valid API key for this shop is required", "");
  return *shop;
}

std::string customer_in_path(const HttpRequest& req) {
  const std::string& id = req.matches[2];
  if (!valid_id(id)) throw ApiError(400, "bad customer id", "");
  return id;
}

}  // namespace

void install_admin_routes(Router& r, const RouteContext& ctx) {
  Service& service = ctx.service;
  auto now = ctx.now;
  r.add("PUT", R"(/api/v1/admin/shops/([^/]+)/program)", "admin_put_program", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    Outcome o = service.put_program(shop, req.body, now());
    render_json(res, o.status, o.body);
  });
  r.add("GET", R"(/api/v1/admin/shops/([^/]+)/program)", "admin_get_program", [&service](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    auto c = service.store().conn();
    auto p = service.store().shops().program(*c, shop.id);
    if (!p) throw ApiError(404, "the shop has no program yet", "");
    res.set_header("ETag", p->etag);
    res.set_content(p->body, "application/json");
  });
  r.add("PUT", R"(/api/v1/admin/shops/([^/]+)/secret)", "admin_rotate_secret", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    const json j = read_json_object(req.body, "request", {"secret", "grace_seconds", "purpose"});
    if (!j.contains("secret") || !j["secret"].is_string()) throw ApiError(422, "is required", "/secret");
    std::int64_t grace = 3600;
    if (j.contains("grace_seconds")) {
      if (!j["grace_seconds"].is_number_integer() || j["grace_seconds"].get<std::int64_t>() < 0 ||
          j["grace_seconds"].get<std::int64_t>() > 30 * 86400)
        throw ApiError(422, "must be 0 to 2592000 seconds", "/grace_seconds");
      grace = j["grace_seconds"].get<std::int64_t>();
    }
    const std::string secret = j["secret"].get<std::string>();
    // Without "purpose": the shop's one secret (every purpose that has none of its own).
    if (j.contains("purpose")) {
      SecretPurpose purpose;
      if (!j["purpose"].is_string() || !purpose_from_name(j["purpose"].get<std::string>(), &purpose))
        throw ApiError(422, "must be one of: shopify, woocommerce, generic, shopper", "/purpose");
      service.store().shops().rotate_secret(shop.id, purpose, secret, now() + grace);
    } else {
      service.store().shops().rotate_secret(shop.id, secret, now() + grace);
    }
    render_json(res, 200, {{"rotated", true}, {"previous_valid_until", now() + grace}});
  });
  r.add("GET", R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+))", "admin_customer", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    render_json(res, 200, service.me(shop, customer_in_path(req), now()));
  });
  r.add("GET", R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+)/ledger)", "admin_ledger", [&service](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    render_json(res, 200, service.activity(shop, customer_in_path(req), req.param("cursor"), parse_limit(req, 50)));
  });
  r.add("POST", R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+)/adjustments)", "admin_adjust", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    Outcome o = service.adjust(shop, customer_in_path(req), req.header("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  });
  r.add("GET", R"(/api/v1/admin/shops/([^/]+)/ledger\.csv)", "admin_csv", [&service](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    res.set_header("Content-Type", "text/csv");
    res.set_header("Content-Disposition", "attachment; filename=\"" + shop.id + "-ledger.csv\"");
    // Streamed page by page (chunked), so a large ledger never sits in memory.
    auto after = std::make_shared<std::int64_t>(0);
    auto header_sent = std::make_shared<bool>(false);
    res.stream = [&service, shop, after, header_sent](std::string& piece) {
      if (!*header_sent) {
        *header_sent = true;
        piece = Service::csv_header();
        return true;
      }
      try {
        piece = service.ledger_csv_page(shop, after.get());
      } catch (const std::exception&) {
        return false;
      }
      return true;
    };
  });
  r.add("GET", R"(/api/v1/admin/shops/([^/]+)/analytics)", "admin_analytics", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    render_json(res, 200, service.analytics(shop, now()));
  });
  r.add("POST", R"(/api/v1/admin/shops/([^/]+)/tick)", "admin_tick", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = admin_shop(service, req);
    std::int64_t customers = 0, entries = 0;
    for (int round = 0; round < 100; ++round) {
      json r = service.tick(shop.id, now(), 1000);
      customers += r["customers"].get<std::int64_t>();
      entries += r["entries"].get<std::int64_t>();
      if (r["due"].get<std::int64_t>() < 1000) break;
    }
    render_json(res, 200, {{"customers", customers}, {"entries", entries}});
  });
}

}  // namespace loyalty::server
