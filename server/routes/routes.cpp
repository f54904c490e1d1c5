#include "routes/routes.h"

#include <httplib.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <iostream>
#include <regex>

#include "auth/crypto.h"
#include "auth/identity.h"
#include "loyalty/json_io.h"
#include "routes/reactor_server.h"
#include "routes/static_assets.h"
#include "service/errors.h"

namespace loyalty::server {

using nlohmann::json;

namespace {

thread_local std::chrono::steady_clock::time_point t_start;
thread_local const char* t_route = "other";
thread_local std::string t_shop;

// The one error renderer: {"error": "...", "field": "/pointer"} (+ "errors" when several).
void render_error(httplib::Response& res, int status, const std::string& message, const std::string& field = "",
                  const loyalty::Errors& details = {}) {
  json body = {{"error", message}};
  if (!field.empty()) body["field"] = field;
  if (details.size() > 1) body["errors"] = loyalty::errors_json(details);
  res.status = status;
  res.set_content(loyalty::dump(body), "application/json");
}

void render_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(loyalty::dump(body), "application/json");
}

std::string header(const httplib::Request& req, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (req.has_header(n)) return req.get_header_value(n);
  return "";
}

bool valid_id(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string bearer(const httplib::Request& req) {
  std::string a = req.get_header_value("Authorization");
  if (a.rfind("Bearer ", 0) == 0) return a.substr(7);
  return "";
}

}  // namespace

HttpServer::HttpServer(Service& service, HttpOptions o) : service_(service), opts_(std::move(o)) {
  svr_ = std::make_unique<ReactorServer>(opts_.threads, opts_.request_seconds);
  install();
}

HttpServer::~HttpServer() = default;

std::int64_t HttpServer::now() const { return static_cast<std::int64_t>(std::time(nullptr)) + opts_.clock_offset; }

void HttpServer::stop() { svr_->stop(); }

bool HttpServer::run() {
  bound_port_ = opts_.port;
  if (opts_.port == 0) bound_port_ = svr_->bind_to_any_port(opts_.bind);
  else if (!svr_->bind_to_port(opts_.bind, opts_.port)) return false;
  if (bound_port_ <= 0) return false;
  // cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections
  // overflows it and clients see resets. Listening again raises it (Linux).
  if (listen_fd_ >= 0) ::listen(listen_fd_, 4096);
  std::cerr << loyalty::dump(json{{"msg", "listening"}, {"bind", opts_.bind}, {"port", bound_port_},
                                  {"store", service_.store().kind()}})
            << std::endl;
  return svr_->serve();
}

void HttpServer::install() {
  httplib::Server& s = *svr_;
  s.set_payload_max_length(opts_.max_body);
  s.set_keep_alive_max_count(100000);
  s.set_keep_alive_timeout(opts_.keep_alive_seconds);
  s.set_read_timeout(10, 0);
  s.set_tcp_nodelay(true);
  s.set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
    listen_fd_ = sock;  // the last socket made is the one bound (server sockets only here)
  });

  s.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
    t_start = std::chrono::steady_clock::now();
    t_route = "other";
    t_shop.clear();
    ++metrics_.inflight;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const char* msg = res.status == 413 ? "request body is larger than the limit"
                      : res.status == 404 ? "no such route"
                      : res.status == 400 ? "bad request"
                                          : "request failed";
    render_error(res, res.status, msg);
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      std::cerr << loyalty::dump(json{{"level", "error"}, {"msg", e.what()}}) << std::endl;
    } catch (...) {
    }
    render_error(res, 500, "internal error");
  });
  s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    --metrics_.inflight;
    metrics_.observe(t_route, res.status, secs);
    if (!opts_.log_requests) return;
    json line = {{"ts", now()}, {"method", req.method}, {"path", req.path}, {"route", t_route}, {"status", res.status},
                 {"ms", static_cast<double>(static_cast<std::int64_t>(secs * 1e5)) / 100.0}, {"bytes_in", req.body.size()}};
    if (!t_shop.empty()) line["shop"] = t_shop;
    std::cerr << loyalty::dump(line) + "\n" << std::flush;
  });

  // Every route body runs inside this: one place turns failures into JSON.
  auto handle = [this](const char* route, auto fn) {
    return [this, route, fn](const httplib::Request& req, httplib::Response& res) {
      t_route = route;
      try {
        fn(req, res);
      } catch (const ApiError& e) {
        render_error(res, e.status, e.what(), e.field, e.details);
      } catch (const DbError& e) {
        std::cerr << loyalty::dump(json{{"level", "error"}, {"msg", e.what()}}) << std::endl;
        render_error(res, 503, "storage unavailable; retry");
      }
    };
  };

  auto shop_or_404 = [this](const std::string& id) {
    t_shop = id;
    auto shop = service_.store().shop(id);
    if (!shop) throw ApiError(404, "no such shop", "");
    return *shop;
  };
  auto admin_shop = [this](const httplib::Request& req, const std::string& id) {
    t_shop = id;
    auto shop = service_.store().shop(id);
    // Unknown shop and wrong key look the same: a key never learns about other shops.
    if (!shop || !api_key_matches(shop->api_key_hash, bearer(req))) throw ApiError(401, "a valid API key for this shop is required", "");
    return *shop;
  };
  // CORS: only the shop's own origins.
  auto cors = [](const httplib::Request& req, httplib::Response& res, const ShopRecord& shop) {
    const std::string origin = req.get_header_value("Origin");
    if (origin.empty()) return true;
    for (const auto& o : shop.origins)
      if (o == origin) {
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Vary", "Origin");
        res.set_header("Access-Control-Expose-Headers", "ETag");
        return true;
      }
    return false;
  };
  auto shopper = [this](const httplib::Request& req, const ShopRecord& shop) -> std::string {
    const std::int64_t t = now();
    const std::string customer = req.get_header_value("X-Loyalty-Customer");
    const std::string sig = req.get_header_value("X-Loyalty-Signature");
    if (!customer.empty() || !sig.empty()) {
      if (!valid_id(customer)) throw ApiError(401, "X-Loyalty-Customer must be a customer id", "");
      switch (verify_shopper(shop.secrets, shop.id, customer, sig, t)) {
        case ShopperCheck::Ok: return customer;
        case ShopperCheck::Expired: throw ApiError(401, "the shopper signature has expired", "");
        case ShopperCheck::Malformed: throw ApiError(401, "X-Loyalty-Signature must be <expires>.<hex HMAC>", "");
        case ShopperCheck::BadSignature: throw ApiError(401, "the shopper signature does not match", "");
      }
    }
    // Shopify app proxy: the shop signed the query, logged_in_customer_id included.
    if (req.has_param("signature")) {
      std::multimap<std::string, std::string> params(req.params.begin(), req.params.end());
      if (!verify_app_proxy(shop.secrets, params, t)) throw ApiError(401, "the app proxy signature does not match", "");
      const std::string ts = req.get_param_value("timestamp");
      char* end = nullptr;
      const long long when = std::strtoll(ts.c_str(), &end, 10);
      if (ts.empty() || *end || when < t - 86400 || when > t + 300) throw ApiError(401, "the app proxy timestamp is stale", "");
      const std::string customer_id = req.get_param_value("logged_in_customer_id");
      if (customer_id.empty()) throw ApiError(401, "no customer is logged in", "");
      if (!valid_id(customer_id)) throw ApiError(401, "bad logged_in_customer_id", "");
      return customer_id;
    }
    throw ApiError(401, "sign in: X-Loyalty-Customer and X-Loyalty-Signature are required", "");
  };
  auto parse_limit = [](const httplib::Request& req, int fallback) {
    if (!req.has_param("limit")) return fallback;
    const std::string v = req.get_param_value("limit");
    if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos)
      throw ApiError(400, "limit must be a whole number", "");
    return std::stoi(v);
  };

  // --- Operations
  s.Get("/healthz", handle("healthz", [this](const httplib::Request&, httplib::Response& res) {
    auto c = service_.store().conn();
    c->query("SELECT 1");
    render_json(res, 200, {{"ok", true}, {"store", c->name()}});
  }));
  s.Get("/metrics", handle("metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.render(service_.counters(), service_.store().kind(), svr_->open_connections()),
                    "text/plain; version=0.0.4");
  }));

  // --- Webhooks: verify the raw body first, parse after.
  s.Post(R"(/webhooks/shopify/([^/]+))", handle("webhook_shopify", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = shop_or_404(req.matches[1]);
    const std::string sig = header(req, {"X-Shopify-Hmac-Sha256", "Shopify-Hmac-Sha256"});
    if (sig.empty() || !verify_body_signature(shop.secrets, req.body, sig, now(), SignatureEncoding::Base64))
      throw ApiError(401, "X-Shopify-Hmac-Sha256 does not match the body", "");
    const std::string topic = header(req, {"X-Shopify-Topic", "Shopify-Topic"});
    const std::string id = header(req, {"X-Shopify-Webhook-Id", "Shopify-Webhook-Id"});
    if (topic.empty() || id.empty()) throw ApiError(400, "X-Shopify-Topic and X-Shopify-Webhook-Id are required", "");
    Outcome o = service_.webhook(shop, WebhookSource::Shopify, topic, id, req.body, now());
    render_json(res, o.status, o.body);
  }));
  s.Post(R"(/webhooks/woocommerce/([^/]+))", handle("webhook_woocommerce", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = shop_or_404(req.matches[1]);
    const std::string sig = req.get_header_value("X-WC-Webhook-Signature");
    // The creation ping: unsigned, form-encoded "webhook_id=N". Exactly 200, nothing written.
    static const std::regex ping(R"(webhook_id=[0-9]{1,20})");
    if (sig.empty() && std::regex_match(req.body, ping)) {
      render_json(res, 200, {{"status", "ping"}});
      return;
    }
    if (sig.empty() || !verify_body_signature(shop.secrets, req.body, sig, now(), SignatureEncoding::Base64))
      throw ApiError(401, "X-WC-Webhook-Signature does not match the body", "");
    const std::string topic = req.get_header_value("X-WC-Webhook-Topic");
    if (topic.empty()) throw ApiError(400, "X-WC-Webhook-Topic is required", "");
    std::string id = req.get_header_value("X-WC-Webhook-Delivery-ID");
    if (id.empty()) id = "body:" + to_hex(sha256(req.body));
    Outcome o = service_.webhook(shop, WebhookSource::WooCommerce, topic, id, req.body, now());
    render_json(res, o.status, o.body);
  }));
  s.Post(R"(/webhooks/generic/([^/]+))", handle("webhook_generic", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = shop_or_404(req.matches[1]);
    const std::string sig = req.get_header_value("X-Loyalty-Signature");
    if (sig.empty() || !verify_body_signature(shop.secrets, req.body, sig, now(), SignatureEncoding::HexOrBase64))
      throw ApiError(401, "X-Loyalty-Signature does not match the body", "");
    Outcome o = service_.webhook(shop, WebhookSource::Generic, "event", req.get_header_value("X-Loyalty-Delivery-Id"),
                                 req.body, now());
    render_json(res, o.status, o.body);
  }));

  // --- Shopper API (CORS for the shop's origins only).
  s.Options(R"(/api/v1/shops/([^/]+)/.*)", handle("preflight", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = shop_or_404(req.matches[1]);
    if (req.get_header_value("Origin").empty() || !cors(req, res, shop)) throw ApiError(403, "origin not allowed for this shop", "");
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   "Content-Type, X-Loyalty-Customer, X-Loyalty-Signature, Idempotency-Key, If-None-Match");
    res.set_header("Access-Control-Max-Age", "600");
    res.status = 204;
  }));
  s.Get(R"(/api/v1/shops/([^/]+)/program)", handle("program", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = shop_or_404(req.matches[1]);
    if (!cors(req, res, shop)) throw ApiError(403, "origin not allowed for this shop", "");
    auto p = service_.store().program(shop.id);
    if (!p) throw ApiError(404, "the shop has no program yet", "");
    res.set_header("ETag", p->etag);
    res.set_header("Cache-Control", "public, max-age=60");
    if (req.get_header_value("If-None-Match") == p->etag) {
      res.status = 304;
      return;
    }
    res.set_content(p->body, "application/json");
  }));
  // Every /me route: the shop, its CORS origins, then the signed shopper.
  auto signed_shopper = [=](const httplib::Request& req, httplib::Response& res) {
    ShopRecord shop = shop_or_404(req.matches[1]);
    if (!cors(req, res, shop)) throw ApiError(403, "origin not allowed for this shop", "");
    std::string customer = shopper(req, shop);
    return std::make_pair(std::move(shop), std::move(customer));
  };
  s.Get(R"(/api/v1/shops/([^/]+)/me)", handle("me", [=](const httplib::Request& req, httplib::Response& res) {
    const auto [shop, customer] = signed_shopper(req, res);
    res.set_header("Cache-Control", "no-store");
    render_json(res, 200, service_.me(shop, customer, now()));
  }));
  s.Get(R"(/api/v1/shops/([^/]+)/me/activity)", handle("me_activity", [=](const httplib::Request& req, httplib::Response& res) {
    const auto [shop, customer] = signed_shopper(req, res);
    render_json(res, 200, service_.activity(shop, customer, req.get_param_value("cursor"), parse_limit(req, 20)));
  }));
  s.Post(R"(/api/v1/shops/([^/]+)/me/redemptions)", handle("me_redeem", [=](const httplib::Request& req, httplib::Response& res) {
    const auto [shop, customer] = signed_shopper(req, res);
    Outcome o = service_.redeem(shop, customer, req.get_header_value("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  }));
  s.Post(R"(/api/v1/shops/([^/]+)/me/actions)", handle("me_action", [=](const httplib::Request& req, httplib::Response& res) {
    const auto [shop, customer] = signed_shopper(req, res);
    Outcome o = service_.claim_action(shop, customer, req.get_header_value("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  }));
  s.Post(R"(/api/v1/shops/([^/]+)/referrals/visit)", handle("referral_visit", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = shop_or_404(req.matches[1]);
    if (!cors(req, res, shop)) throw ApiError(403, "origin not allowed for this shop", "");
    Outcome o = service_.referral_visit(shop, req.body, now());
    render_json(res, o.status, o.body);
  }));

  // --- Merchant API (Authorization: Bearer <api key>).
  s.Put(R"(/api/v1/admin/shops/([^/]+)/program)", handle("admin_put_program", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    Outcome o = service_.put_program(shop, req.body, now());
    render_json(res, o.status, o.body);
  }));
  s.Get(R"(/api/v1/admin/shops/([^/]+)/program)", handle("admin_get_program", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    auto c = service_.store().conn();
    auto p = service_.store().program(*c, shop.id);
    if (!p) throw ApiError(404, "the shop has no program yet", "");
    res.set_header("ETag", p->etag);
    res.set_content(p->body, "application/json");
  }));
  s.Put(R"(/api/v1/admin/shops/([^/]+)/secret)", handle("admin_rotate_secret", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    auto j = loyalty::parse_json(req.body, "request");
    if (!j.ok() || !j.value.is_object()) throw ApiError(400, "body must be a JSON object", "");
    if (!j.value.contains("secret") || !j.value["secret"].is_string()) throw ApiError(422, "is required", "/secret");
    std::int64_t grace = 3600;
    if (j.value.contains("grace_seconds")) {
      if (!j.value["grace_seconds"].is_number_integer() || j.value["grace_seconds"].get<std::int64_t>() < 0 ||
          j.value["grace_seconds"].get<std::int64_t>() > 30 * 86400)
        throw ApiError(422, "must be 0 to 2592000 seconds", "/grace_seconds");
      grace = j.value["grace_seconds"].get<std::int64_t>();
    }
    service_.store().rotate_secret(shop.id, j.value["secret"].get<std::string>(), now() + grace);
    render_json(res, 200, {{"rotated", true}, {"previous_valid_until", now() + grace}});
  }));
  s.Get(R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+))", handle("admin_customer", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    const std::string id = req.matches[2];
    if (!valid_id(id)) throw ApiError(400, "bad customer id", "");
    render_json(res, 200, service_.me(shop, id, now()));
  }));
  s.Get(R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+)/ledger)", handle("admin_ledger", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    const std::string id = req.matches[2];
    if (!valid_id(id)) throw ApiError(400, "bad customer id", "");
    render_json(res, 200, service_.activity(shop, id, req.get_param_value("cursor"), parse_limit(req, 50)));
  }));
  s.Post(R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+)/adjustments)", handle("admin_adjust", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    const std::string id = req.matches[2];
    if (!valid_id(id)) throw ApiError(400, "bad customer id", "");
    Outcome o = service_.adjust(shop, id, req.get_header_value("Idempotency-Key"), req.body, now());
    render_json(res, o.status, o.body);
  }));
  s.Get(R"(/api/v1/admin/shops/([^/]+)/ledger\.csv)", handle("admin_csv", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    res.set_header("Content-Disposition", "attachment; filename=\"" + shop.id + "-ledger.csv\"");
    // Streamed page by page (chunked), so a large ledger never sits in memory.
    auto after = std::make_shared<std::int64_t>(0);
    auto header_sent = std::make_shared<bool>(false);
    res.set_chunked_content_provider("text/csv", [this, shop, after, header_sent](size_t, httplib::DataSink& sink) {
      if (!*header_sent) {
        *header_sent = true;
        const char* h = Service::csv_header();
        return sink.write(h, std::strlen(h));
      }
      std::string page;
      try {
        page = service_.ledger_csv_page(shop, after.get());
      } catch (const std::exception&) {
        return false;  // abort the stream: the client sees a truncated transfer, not a short file
      }
      if (page.empty()) {
        sink.done();
        return true;
      }
      return sink.write(page.data(), page.size());
    });
  }));
  s.Get(R"(/api/v1/admin/shops/([^/]+)/analytics)", handle("admin_analytics", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    render_json(res, 200, service_.analytics(shop, now()));
  }));
  s.Post(R"(/api/v1/admin/shops/([^/]+)/tick)", handle("admin_tick", [=](const httplib::Request& req, httplib::Response& res) {
    const ShopRecord shop = admin_shop(req, req.matches[1]);
    std::int64_t customers = 0, entries = 0;
    for (int round = 0; round < 100; ++round) {
      json r = service_.tick(shop.id, now(), 1000);
      customers += r["customers"].get<std::int64_t>();
      entries += r["entries"].get<std::int64_t>();
      if (r["due"].get<std::int64_t>() < 1000) break;
    }
    render_json(res, 200, {{"customers", customers}, {"entries", entries}});
  }));

  // --static: last, so every API route above wins (routes/static_assets.h decides the answer).
  if (!opts_.static_dir.empty()) s.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    t_route = "static";
    // GET for HEAD too: the library drops the body of a HEAD answer itself.
    auto a = static_asset(opts_.static_dir, "GET", req.path, [&](const std::string& n) { return req.get_header_value(n.c_str()); });
    if (!a) return render_error(res, 404, "no such route");
    res.status = a->status;
    std::string type;
    for (const auto& [name, value] : a->headers) {
      if (name == "Content-Type") type = value;
      else res.set_header(name.c_str(), value);
    }
    if (a->status != 200) return;
    // A provider with a length: sent as is (the library would gzip a text body again).
    auto body = std::make_shared<const std::string>(std::move(a->body));
    res.set_content_provider(body->size(), type.c_str(), [body](size_t offset, size_t length, httplib::DataSink& sink) {
      return sink.write(body->data() + offset, length);
    });
  });
}

}  // namespace loyalty::server
