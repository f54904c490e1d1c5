// Authentication, the step that runs before every handler: it finds the shop
// the path names, checks the caller by the one means its routes accept, and
// hands the handler who is calling. A handler behind a guard never runs for a
// caller the guard refused (401/403/404, the one JSON error shape).
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "routes/http_message.h"
#include "storage/shop_repo.h"

namespace loyalty::server {

using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;
// The shop the path names (req.matches[1]), from the service.
using FindShop = std::function<std::optional<ShopRecord>(const std::string& id)>;
using Clock = std::function<std::int64_t()>;

// A shopper whose identity the shop signed (X-Loyalty-Customer/-Signature, or
// Shopify's app proxy query).
struct Shopper {
  ShopRecord shop;
  std::string customer;
};
// A webhook whose raw body carries the platform's signature with the shop's
// secret for that platform (or WooCommerce's unsigned creation ping, which
// writes nothing).
struct SignedWebhook {
  ShopRecord shop;
  bool ping = false;
};
enum class WebhookSigner { Shopify, WooCommerce, Generic };
// Who sent an exposure beacon. navigator.sendBeacon sets no headers, so the
// body says who is watching: a signed customer (the shopper signature in the
// body) or the anonymous visitor id the widget keeps in the shop's storage.
struct Beacon {
  ShopRecord shop;
  const char* kind = "visitor";  // "customer" or "visitor"
  std::string subject;           // the customer or the visitor id
  nlohmann::json body;           // the beacon, parsed: {"exposures": [...], ...}
};

// Public shop routes (program, referral visits, preflight): the shop (404 when
// unknown) and, when the request names an Origin, one of the shop's (403).
Handler for_visitor(FindShop find, std::function<void(const HttpRequest&, HttpResponse&, const ShopRecord&)> handler);
// The shopper API: a visitor whose shopper identity is signed (401).
Handler for_shopper(FindShop find, Clock now, std::function<void(const HttpRequest&, HttpResponse&, const Shopper&)> handler);
// The merchant API: the shop's API key as a Bearer token; an unknown shop and a
// wrong key look the same (401), so a key never learns about other shops.
Handler for_merchant(FindShop find, std::function<void(const HttpRequest&, HttpResponse&, const ShopRecord&)> handler);
// Webhooks: the raw body's HMAC, checked before anything is parsed (401).
Handler for_webhook(FindShop find, Clock now, WebhookSigner signer,
                    std::function<void(const HttpRequest&, HttpResponse&, const SignedWebhook&)> handler);

// The exposure beacon: a visitor (as for_visitor) whose JSON body names the
// visitor, or a customer with a valid shopper signature (422, naming /signature).
Handler for_beacon(FindShop find, Clock now, std::function<void(const HttpRequest&, HttpResponse&, const Beacon&)> handler);

// The first of these headers the request has, "" when none (Shopify sends
// X-Shopify-* or, through Events, Shopify-*).
std::string first_header(const HttpRequest& req, std::initializer_list<const char*> names);
// Customer ids in paths and headers: 1 to 128 bytes, no control characters.
bool valid_id(const std::string& s);
// Such an id as a member of a JSON body: 422 naming `pointer` when absent or not one.
std::string id_member(const nlohmann::json& j, const std::string& name, const std::string& pointer);

}  // namespace loyalty::server
