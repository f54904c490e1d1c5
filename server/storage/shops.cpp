// Shops: identity, origins, the Shopify domain and the secrets per purpose.
#include <sstream>

#include "storage/store.h"

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

}  // namespace

const ShopSecrets& ShopRecord::secrets_for(SecretPurpose p) const {
  auto it = own_secrets.find(p);
  return it == own_secrets.end() ? secrets : it->second;
}

std::optional<ShopRecord> Store::shop(const std::string& id) {
  const std::int64_t t = now_ms();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = shops_.find(id);
    if (it != shops_.end() && t - it->second.at_ms < kCacheMs) return it->second.shop;
  }
  auto c = conn();
  auto rows = c->query(
      "SELECT id, secret, previous_secret, previous_secret_until, api_key_hash, origins, code_seed, shopify_domain "
      "FROM shops WHERE id = ?",
      {id});
  std::optional<ShopRecord> out;
  if (!rows.empty()) {
    const Row& r = rows[0];
    ShopRecord s;
    s.id = r[0];
    s.secrets = {r[1], r[2], r.integer(3)};
    s.api_key_hash = r[4];
    s.origins = split(r[5]);
    s.code_seed = static_cast<std::uint64_t>(r.integer(6));
    s.shopify_domain = r[7];
    for (const auto& own : c->query(
             "SELECT purpose, secret, previous_secret, previous_secret_until FROM shop_secrets WHERE shop = ?", {id})) {
      SecretPurpose p;
      if (purpose_from_name(own[0], &p)) s.own_secrets[p] = {own[1], own[2], own.integer(3)};
    }
    out = s;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (shops_.size() > 10000) shops_.clear();
  shops_[id] = {t, out};
  return out;
}

void Store::upsert_shop(const ShopRecord& s) {
  auto c = conn();
  in_write_tx(*c, [&] {
    c->exec(
        "INSERT INTO shops (id, secret, previous_secret, previous_secret_until, api_key_hash, origins, code_seed, created_at, "
        "shopify_domain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, "
        "previous_secret = excluded.previous_secret, previous_secret_until = excluded.previous_secret_until, "
        "api_key_hash = excluded.api_key_hash, origins = excluded.origins, shopify_domain = excluded.shopify_domain",
        {s.id, s.secrets.secret, s.secrets.previous, s.secrets.previous_until, s.api_key_hash, join(s.origins),
         static_cast<std::int64_t>(s.code_seed & 0x7fffffffffffffffULL), now_ms() / 1000, s.shopify_domain});
    for (const auto& [p, own] : s.own_secrets)
      c->exec(
          "INSERT INTO shop_secrets (shop, purpose, secret, previous_secret, previous_secret_until) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (shop, purpose) DO UPDATE SET secret = excluded.secret, previous_secret = excluded.previous_secret, "
          "previous_secret_until = excluded.previous_secret_until",
          {s.id, std::string(purpose_name(p)), own.secret, own.previous, own.previous_until});
  });
  std::lock_guard<std::mutex> lock(mu_);
  shops_.erase(s.id);
}

void Store::rotate_secret(const std::string& shop, const std::string& secret, std::int64_t previous_until) {
  auto c = conn();
  in_write_tx(*c, [&] {
    c->exec("UPDATE shops SET previous_secret = secret, previous_secret_until = ?, secret = ? WHERE id = ?",
            {previous_until, secret, shop});
  });
  std::lock_guard<std::mutex> lock(mu_);
  shops_.erase(shop);
}

void Store::rotate_secret(const std::string& shop, SecretPurpose purpose, const std::string& secret, std::int64_t previous_until) {
  auto c = conn();
  in_write_tx(*c, [&] {
    // The secret this purpose used until now (its own, else the shop's one) stays valid for the grace period.
    const std::string p = purpose_name(purpose);
    c->exec(
        "INSERT INTO shop_secrets (shop, purpose, secret, previous_secret, previous_secret_until) "
        "SELECT id, ?, ?, secret, ? FROM shops WHERE id = ? "
        "ON CONFLICT (shop, purpose) DO UPDATE SET previous_secret = shop_secrets.secret, "
        "previous_secret_until = excluded.previous_secret_until, secret = excluded.secret",
        {p, secret, previous_until, shop});
  });
  std::lock_guard<std::mutex> lock(mu_);
  shops_.erase(shop);
}

std::vector<std::string> Store::shop_ids() {
  std::vector<std::string> out;
  for (const auto& r : conn()->query("SELECT id FROM shops ORDER BY id")) out.push_back(r[0]);
  return out;
}

}  // namespace loyalty::server
