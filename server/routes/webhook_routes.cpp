// Webhooks: verify the raw body first, parse after.
#include <regex>

#include "auth/crypto.h"
#include "auth/identity.h"
#include "routes/router.h"
#include "service/errors.h"

namespace loyalty::server {

namespace {

std::string first_header(const HttpRequest& req, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (req.has_header(n)) return req.header(n);
  return "";
}

}  // namespace

void install_webhook_routes(Router& r, const RouteContext& ctx) {
  Service& service = ctx.service;
  auto now = ctx.now;
  r.add("POST", R"(/webhooks/shopify/([^/]+))", "webhook_shopify", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = shop_or_404(service, req.matches[1]);
    const std::string sig = first_header(req, {"X-Shopify-Hmac-Sha256", "Shopify-Hmac-Sha256"});
    if (sig.empty() || !verify_body_signature(shop.secrets_for(SecretPurpose::Shopify), req.body, sig, now(), SignatureEncoding::Base64))
      throw ApiError(401, "X-Shopify-Hmac-Sha256 does not match the body", "");
    const std::string topic = first_header(req, {"X-Shopify-Topic", "Shopify-Topic"});
    const std::string id = first_header(req, {"X-Shopify-Webhook-Id", "Shopify-Webhook-Id"});
    if (topic.empty() || id.empty()) throw ApiError(400, "X-Shopify-Topic and X-Shopify-Webhook-Id are required", "");
    Outcome o = service.webhook(shop, WebhookSource::Shopify, topic, id, req.body, now());
    render_json(res, o.status, o.body);
  });
  r.add("POST", R"(/webhooks/woocommerce/([^/]+))", "webhook_woocommerce", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = shop_or_404(service, req.matches[1]);
    const std::string sig = req.header("X-WC-Webhook-Signature");
    // The creation ping: unsigned, form-encoded "webhook_id=N". Exactly 200, nothing written.
    static const std::regex ping(R"(webhook_id=[0-9]{1,20})");
    if (sig.empty() && std::regex_match(req.body, ping)) {
      render_json(res, 200, {{"status", "ping"}});
      return;
    }
    if (sig.empty() || !verify_body_signature(shop.secrets_for(SecretPurpose::WooCommerce), req.body, sig, now(), SignatureEncoding::Base64))
      throw ApiError(401, "X-WC-Webhook-Signature does not match the body", "");
    const std::string topic = req.header("X-WC-Webhook-Topic");
    if (topic.empty()) throw ApiError(400, "X-WC-Webhook-Topic is required", "");
    std::string id = req.header("X-WC-Webhook-Delivery-ID");
    if (id.empty()) id = "body:" + to_hex(sha256(req.body));
    Outcome o = service.webhook(shop, WebhookSource::WooCommerce, topic, id, req.body, now());
    render_json(res, o.status, o.body);
  });
  r.add("POST", R"(/webhooks/generic/([^/]+))", "webhook_generic", [&service, now](const HttpRequest& req, HttpResponse& res) {
    const ShopRecord shop = shop_or_404(service, req.matches[1]);
    const std::string sig = req.header("X-Loyalty-Signature");
    if (sig.empty() || !verify_body_signature(shop.secrets_for(SecretPurpose::Generic), req.body, sig, now(), SignatureEncoding::HexOrBase64))
      throw ApiError(401, "X-Loyalty-Signature does not match the body", "");
    Outcome o = service.webhook(shop, WebhookSource::Generic, "event", req.header("X-Loyalty-Delivery-Id"), req.body, now());
    render_json(res, o.status, o.body);
  });
}

}  // namespace loyalty::server
