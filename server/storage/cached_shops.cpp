#include "storage/cached_shops.h"

#include "auth/crypto.h"
#include "loyalty/json_io.h"

namespace loyalty::server {

std::optional<ShopRecord> CachedShops::shop(const std::string& id) {
  return shops_.get(id, [&] {
    auto c = pool_.get();
    return repo_.find(*c, id);
  });
}

template <class Fn>
void CachedShops::write(const std::string& shop, Fn fn) {
  auto c = pool_.get();
  in_write_tx(*c, [&] { fn(*c); });
  shops_.forget(shop);
}

void CachedShops::upsert_shop(const ShopRecord& s) {
  write(s.id, [&](Conn& c) { repo_.upsert(c, s); });
}

void CachedShops::rotate_secret(const std::string& shop, const std::string& secret, std::int64_t previous_until) {
  write(shop, [&](Conn& c) { repo_.rotate_secret(c, shop, secret, previous_until); });
}

void CachedShops::rotate_secret(const std::string& shop, SecretPurpose purpose, const std::string& secret,
                                std::int64_t previous_until) {
  write(shop, [&](Conn& c) { repo_.rotate_secret(c, shop, purpose, secret, previous_until); });
}

std::vector<std::string> CachedShops::shop_ids() {
  auto c = pool_.get();
  return repo_.ids(*c);
}

std::optional<ProgramRecord> CachedShops::program(const std::string& shop) {
  return programs_.get(shop, [&] {
    auto c = pool_.get();
    return program(*c, shop);
  });
}

std::optional<ProgramRecord> CachedShops::program(Conn& c, const std::string& shop) {
  const auto version = repo_.program_version(c, shop);
  if (!version) return std::nullopt;
  return parsed(shop, *version, c);
}

// A version is parsed once per process: the rows of a version never change.
ProgramRecord CachedShops::parsed(const std::string& shop, std::int64_t version, Conn& c) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = versions_.find({shop, version});
    if (it != versions_.end()) return it->second;
  }
  const auto body = repo_.program_body(c, shop, version);
  if (!body) throw DbError("program " + shop + " v" + std::to_string(version) + " vanished");
  ProgramRecord r;
  r.version = version;
  r.body = *body;
  auto program = loyalty::parse_program(r.body);
  if (!program.ok()) throw CorruptRow("stored program " + shop + " v" + std::to_string(version) + " is invalid: " + program.error_text());
  r.program = std::make_shared<const loyalty::Program>(std::move(program.value));
  std::string served = loyalty::dump(loyalty::to_json(*r.program));
  std::string etag = "\"" + shop + "-v" + std::to_string(version) + "-" + to_hex(sha256(served)).substr(0, 16) + "\"";
  r.served = std::make_shared<const ServedProgram>(ServedProgram{std::move(served), std::move(etag)});
  std::lock_guard<std::mutex> lock(mu_);
  versions_[{shop, version}] = r;
  return r;
}

std::int64_t CachedShops::put_program(const std::string& shop, std::int64_t now,
                                      const std::function<std::string(std::int64_t)>& render) {
  auto c = pool_.get();
  const std::int64_t version = in_write_tx(*c, [&] { return repo_.insert_program(*c, shop, now, render); });
  programs_.forget(shop);
  return version;
}

}  // namespace loyalty::server
