#include "auth/identity.h"

#include <algorithm>
#include <cstdlib>

#include "auth/crypto.h"

namespace loyalty::server {

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

std::string app_proxy_message(const std::multimap<std::string, std::string>& params) {
  std::vector<std::string> pairs;
  for (auto it = params.begin(); it != params.end();) {
    const std::string& k = it->first;
    auto range = params.equal_range(k);
    std::string joined;
    for (auto v = range.first; v != range.second; ++v) joined += (v == range.first ? "" : ",") + v->second;
    if (k != "signature") pairs.push_back(k + "=" + joined);
    it = range.second;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& p : pairs) out += p;
  return out;
}

bool verify_app_proxy(const ShopSecrets& s, const std::multimap<std::string, std::string>& params, std::int64_t now) {
  auto sig = params.find("signature");
  if (sig == params.end()) return false;
  auto mac = from_hex(sig->second);
  if (!mac || mac->size() != 32) return false;
  const std::string msg = app_proxy_message(params);
  bool ok = false;
  for (const auto& key : s.valid_at(now)) ok |= constant_time_equal(hmac_sha256(key, msg), *mac);
  return ok;
}

std::string api_key_hash(const std::string& key) { return to_hex(sha256(key)); }

bool api_key_matches(const std::string& stored_hash, const std::string& presented_key) {
  if (presented_key.empty() || stored_hash.empty()) return false;
  return constant_time_equal(stored_hash, api_key_hash(presented_key));
}

}  // namespace loyalty::server
