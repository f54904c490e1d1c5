// Who is calling: signed webhooks, signed shoppers, merchants' API keys.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace loyalty::server {

// A shop's signing secrets. After a rotation the previous secret stays valid
// until previous_until (epoch seconds). An empty secret signs nothing.
struct ShopSecrets {
  std::string secret;
  std::string previous;
  std::int64_t previous_until = 0;
  // The secrets valid at `now`, current first.
  std::vector<std::string> valid_at(std::int64_t now) const;
};

// What a secret may sign. Each purpose can have its own secret, rotated on its
// own: the Shopify app secret (Shopify webhooks and app-proxy requests), the
// WooCommerce webhook secret, the generic sender's secret, and the secret the
// shop's backend signs shoppers with. A shopper-signing secret (which a theme
// may expose) therefore cannot sign a webhook, and no webhook secret a shopper.
enum class SecretPurpose { Shopify, WooCommerce, Generic, Shopper };
const char* purpose_name(SecretPurpose p);
// "shopify", "woocommerce", "generic", "shopper"; false for anything else.
bool purpose_from_name(const std::string& name, SecretPurpose* out);
constexpr SecretPurpose kPurposes[] = {SecretPurpose::Shopify, SecretPurpose::WooCommerce, SecretPurpose::Generic,
                                       SecretPurpose::Shopper};

// Raw-body webhook signatures (Shopify, WooCommerce: base64; generic: hex or base64).
enum class SignatureEncoding { Base64, HexOrBase64 };
bool verify_body_signature(const ShopSecrets& s, const std::string& body, const std::string& header, std::int64_t now,
                           SignatureEncoding enc);

// Shopper identity: "<expires>.<hex HMAC-SHA256(secret, "<shop>|<customer>|<expires>")>".
std::string sign_shopper(const std::string& secret, const std::string& shop, const std::string& customer, std::int64_t expires);
enum class ShopperCheck { Ok, Malformed, Expired, BadSignature };
ShopperCheck verify_shopper(const ShopSecrets& s, const std::string& shop, const std::string& customer,
                            const std::string& header, std::int64_t now);

// Shopify app proxy, computed as Shopify does: the raw query string split into
// decoded pairs (a value keeps any '=' it holds), `signature` left out, repeated
// keys' values joined by "," in the order sent, "k=v" sorted and concatenated
// without separator; the HMAC is hex.
std::string app_proxy_message(const std::string& raw_query);
enum class ProxyCheck { Ok, Unsigned, BadSignature };
ProxyCheck verify_app_proxy(const ShopSecrets& s, const std::string& raw_query, std::int64_t now);

// API keys are stored hashed.
std::string api_key_hash(const std::string& key);
bool api_key_matches(const std::string& stored_hash, const std::string& presented_key);

}  // namespace loyalty::server
