// Webhook handlers: the auth step (auth/guard.h) has checked the raw body's
// signature; these read the platform's headers and call the service.
#include "auth/crypto.h"
#include "auth/guard.h"
#include "routes/router.h"
#include "service/errors.h"

namespace loyalty::server {

void install_webhook_routes(Router& r, const RouteContext& ctx) {
  WebhookService& service = ctx.services.webhooks;
  auto now = ctx.now;
  r.add("POST", R"(/webhooks/shopify/([^/]+))", "webhook_shopify",
        for_webhook(ctx.find_shop, now, WebhookSigner::Shopify, [&service, now](const HttpRequest& req, HttpResponse& res, const SignedWebhook& hook) {
          const std::string topic = first_header(req, {"X-Shopify-Topic", "Shopify-Topic"});
          const std::string id = first_header(req, {"X-Shopify-Webhook-Id", "Shopify-Webhook-Id"});
          if (topic.empty() || id.empty()) throw ApiError(400, "X-Shopify-Topic and X-Shopify-Webhook-Id are required", "");
          Outcome o = service.webhook(hook.shop, WebhookSource::Shopify, topic, id, req.body, now());
          render_json(res, o.status, o.body);
        }));
  r.add("POST", R"(/webhooks/woocommerce/([^/]+))", "webhook_woocommerce",
        for_webhook(ctx.find_shop, now, WebhookSigner::WooCommerce, [&service, now](const HttpRequest& req, HttpResponse& res, const SignedWebhook& hook) {
          if (hook.ping) {  // the creation ping: exactly 200, nothing written
            render_json(res, 200, {{"status", "ping"}});
            return;
          }
          const std::string topic = req.header("X-WC-Webhook-Topic");
          if (topic.empty()) throw ApiError(400, "X-WC-Webhook-Topic is required", "");
          std::string id = req.header("X-WC-Webhook-Delivery-ID");
          if (id.empty()) id = "body:" + to_hex(sha256(req.body));
          Outcome o = service.webhook(hook.shop, WebhookSource::WooCommerce, topic, id, req.body, now());
          render_json(res, o.status, o.body);
        }));
  r.add("POST", R"(/webhooks/generic/([^/]+))", "webhook_generic",
        for_webhook(ctx.find_shop, now, WebhookSigner::Generic, [&service, now](const HttpRequest& req, HttpResponse& res, const SignedWebhook& hook) {
          Outcome o = service.webhook(hook.shop, WebhookSource::Generic, "event", req.header("X-Loyalty-Delivery-Id"), req.body, now());
          render_json(res, o.status, o.body);
        }));
}

}  // namespace loyalty::server
