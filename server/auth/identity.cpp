#include "auth/identity.h"

#include <algorithm>
#include <cstdlib>

#include "auth/crypto.h"
#include "routes/http_message.h"

namespace loyalty::server {

const char* purpose_name(SecretPurpose p) {
  switch (p) {
    case SecretPurpose::Shopify: return "shopify";
    case SecretPurpose::WooCommerce: return "woocommerce";
    case SecretPurpose::Generic: return "generic";
    case SecretPurpose::Shopper: return "shopper";
  }
  return "?";
}

bool purpose_from_name(const std::string& name, SecretPurpose* out) {
  for (SecretPurpose p : kPurposes)
    if (name == purpose_name(p)) {
      *out = p;
      return true;
    }
  return false;
}

std::vector<std::string> ShopSecrets::valid_at(std::int64_t now) const {
  std::vector<std::string> out;
  if (!secret.empty()) out.push_back(secret);
  if (!previous.empty() && now < previous_until) out.push_back(previous);
  return out;
}

bool verify_body_signature(const ShopSecrets& s, const std::string& body, const std::string& header, std::int64_t now,
                           SignatureEncoding enc) {
  std::string h = header;
  while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.pop_back();
  while (!h.empty() && (h.front() == ' ' || h.front() == '\t')) h.erase(h.begin());
  if (h.rfind("sha256=", 0) == 0) h = h.substr(7);
  std::optional<std::string> presented;
  if (enc == SignatureEncoding::HexOrBase64 && h.size() == 64) presented = from_hex(h);
  if (!presented) presented = from_base64(h);
  if (!presented || presented->size() != 32) return false;
  bool ok = false;
  for (const auto& key : s.valid_at(now)) ok |= constant_time_equal(hmac_sha256(key, body), *presented);
  return ok;
}

std::string sign_shopper(const std::string& secret, const std::string& shop, const std::string& customer, std::int64_t expires) {
  const std::string e = std::to_string(expires);
  return e + "." + to_hex(hmac_sha256(secret, shop + "|" + customer + "|" + e));
}

ShopperCheck verify_shopper(const ShopSecrets& s, const std::string& shop, const std::string& customer,
                            const std::string& header, std::int64_t now) {
  const size_t dot = header.find('.');
  if (dot == std::string::npos || dot == 0 || dot > 12 || customer.empty()) return ShopperCheck::Malformed;
  const std::string e = header.substr(0, dot);
  if (!std::all_of(e.begin(), e.end(), [](char c) { return c >= '0' && c <= '9'; })) return ShopperCheck::Malformed;
  auto mac = from_hex(header.substr(dot + 1));
  if (!mac || mac->size() != 32) return ShopperCheck::Malformed;
  bool ok = false;
  for (const auto& key : s.valid_at(now)) ok |= constant_time_equal(hmac_sha256(key, shop + "|" + customer + "|" + e), *mac);
  if (!ok) return ShopperCheck::BadSignature;
  if (std::strtoll(e.c_str(), nullptr, 10) <= now) return ShopperCheck::Expired;
  return ShopperCheck::Ok;
}

std::string app_proxy_message(const std::string& raw_query) {
  std::map<std::string, std::string> joined;  // sorted by key; values in the order sent
  for (const auto& [k, v] : parse_query(raw_query)) {
    if (k == "signature") continue;
    auto [it, fresh] = joined.emplace(k, v);
    if (!fresh) it->second += "," + v;
  }
  std::vector<std::string> pairs;
  for (const auto& [k, v] : joined) pairs.push_back(k + "=" + v);
  std::sort(pairs.begin(), pairs.end());  // Shopify sorts the "k=v" strings
  std::string out;
  for (const auto& p : pairs) out += p;
  return out;
}

ProxyCheck verify_app_proxy(const ShopSecrets& s, const std::string& raw_query, std::int64_t now) {
  std::string presented;
  for (const auto& [k, v] : parse_query(raw_query))
    if (k == "signature") presented = v;
  if (presented.empty()) return ProxyCheck::Unsigned;
  auto mac = from_hex(presented);
  if (!mac || mac->size() != 32) return ProxyCheck::BadSignature;
  const std::string msg = app_proxy_message(raw_query);
  bool ok = false;
  for (const auto& key : s.valid_at(now)) ok |= constant_time_equal(hmac_sha256(key, msg), *mac);
  return ok ? ProxyCheck::Ok : ProxyCheck::BadSignature;
}

std::string api_key_hash(const std::string& key) { return to_hex(sha256(key)); }

bool api_key_matches(const std::string& stored_hash, const std::string& presented_key) {
  if (presented_key.empty() || stored_hash.empty()) return false;
  return constant_time_equal(stored_hash, api_key_hash(presented_key));
}

}  // namespace loyalty::server
