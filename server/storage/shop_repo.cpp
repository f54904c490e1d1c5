// Shops: identity, origins, the Shopify domain, the secrets per purpose and the program versions.
#include "storage/shop_repo.h"

#include <ctime>
#include <sstream>

namespace loyalty::server {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

const ShopSecrets& ShopRecord::secrets_for(SecretPurpose p) const {
  auto it = own_secrets.find(p);
  return it == own_secrets.end() ? secrets : it->second;
}

std::optional<ShopRecord> ShopRepo::find(Conn& c, const std::string& id) {
  auto rows = c.query(
      "SELECT id, secret, previous_secret, previous_secret_until, api_key_hash, origins, code_seed, shopify_domain "
      "FROM shops WHERE id = ?",
      {id});
  if (rows.empty()) return std::nullopt;
  const Row& r = rows[0];
  ShopRecord s;
  s.id = r[0];
  s.secrets = {r[1], r[2], r.integer(3)};
  s.api_key_hash = r[4];
  s.origins = split(r[5]);
  s.code_seed = static_cast<std::uint64_t>(r.integer(6));
  s.shopify_domain = r[7];
  for (const auto& own :
       c.query("SELECT purpose, secret, previous_secret, previous_secret_until FROM shop_secrets WHERE shop = ?", {id})) {
    SecretPurpose p;
    if (purpose_from_name(own[0], &p)) s.own_secrets[p] = {own[1], own[2], own.integer(3)};
  }
  return s;
}

void ShopRepo::upsert(Conn& c, const ShopRecord& s) {
  c.exec(
      "INSERT INTO shops (id, secret, previous_secret, previous_secret_until, api_key_hash, origins, code_seed, created_at, "
      "shopify_domain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, "
      "previous_secret = excluded.previous_secret, previous_secret_until = excluded.previous_secret_until, "
      "api_key_hash = excluded.api_key_hash, origins = excluded.origins, shopify_domain = excluded.shopify_domain",
      {s.id, s.secrets.secret, s.secrets.previous, s.secrets.previous_until, s.api_key_hash, join(s.origins),
       static_cast<std::int64_t>(s.code_seed & 0x7fffffffffffffffULL), now_seconds(), s.shopify_domain});
  for (const auto& [p, own] : s.own_secrets)
    c.exec(
        "INSERT INTO shop_secrets (shop, purpose, secret, previous_secret, previous_secret_until) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (shop, purpose) DO UPDATE SET secret = excluded.secret, previous_secret = excluded.previous_secret, "
        "previous_secret_until = excluded.previous_secret_until",
        {s.id, std::string(purpose_name(p)), own.secret, own.previous, own.previous_until});
}

void ShopRepo::rotate_secret(Conn& c, const std::string& shop, const std::string& secret, std::int64_t previous_until) {
  c.exec("UPDATE shops SET previous_secret = secret, previous_secret_until = ?, secret = ? WHERE id = ?",
         {previous_until, secret, shop});
}

void ShopRepo::rotate_secret(Conn& c, const std::string& shop, SecretPurpose purpose, const std::string& secret,
                             std::int64_t previous_until) {
  // The secret this purpose used until now (its own, else the shop's one) stays valid for the grace period.
  c.exec(
      "INSERT INTO shop_secrets (shop, purpose, secret, previous_secret, previous_secret_until) "
      "SELECT id, ?, ?, secret, ? FROM shops WHERE id = ? "
      "ON CONFLICT (shop, purpose) DO UPDATE SET previous_secret = shop_secrets.secret, "
      "previous_secret_until = excluded.previous_secret_until, secret = excluded.secret",
      {std::string(purpose_name(purpose)), secret, previous_until, shop});
}

std::vector<std::string> ShopRepo::ids(Conn& c) {
  std::vector<std::string> out;
  for (const auto& r : c.query("SELECT id FROM shops ORDER BY id")) out.push_back(r[0]);
  return out;
}

std::optional<std::int64_t> ShopRepo::program_version(Conn& c, const std::string& shop) {
  auto v = c.query("SELECT MAX(version) FROM programs WHERE shop = ?", {shop});
  if (v.empty() || v[0][0].empty()) return std::nullopt;
  return v[0].integer(0);
}

std::optional<std::string> ShopRepo::program_body(Conn& c, const std::string& shop, std::int64_t version) {
  auto rows = c.query("SELECT body FROM programs WHERE shop = ? AND version = ?", {shop, version});
  if (rows.empty()) return std::nullopt;
  return rows[0][0];
}

std::int64_t ShopRepo::insert_program(Conn& c, const std::string& shop, std::int64_t now,
                                      const std::function<std::string(std::int64_t)>& render) {
  c.query(std::string("SELECT id FROM shops WHERE id = ?") + c.for_update(), {shop});
  auto v = c.query("SELECT COALESCE(MAX(version), 0) FROM programs WHERE shop = ?", {shop});
  const std::int64_t next = v[0].integer(0) + 1;
  c.exec("INSERT INTO programs (shop, version, body, created_at) VALUES (?, ?, ?, ?)", {shop, next, render(next), now});
  return next;
}

}  // namespace loyalty::server
