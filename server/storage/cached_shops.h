// ShopRepo behind caches: shops and current programs for a second (a rotation
// or a new program made through another server is seen within it), parsed
// program versions for good (a stored version never changes). Writes go to
// the repository in their own transaction and forget what this process kept.
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/shop_repo.h"
#include "storage/ttl_cache.h"

namespace loyalty::server {

class CachedShops {
 public:
  explicit CachedShops(Pool& pool) : pool_(pool) {}

  std::optional<ShopRecord> shop(const std::string& id);
  void upsert_shop(const ShopRecord& s);
  void rotate_secret(const std::string& shop, const std::string& secret, std::int64_t previous_until);
  void rotate_secret(const std::string& shop, SecretPurpose purpose, const std::string& secret, std::int64_t previous_until);
  std::vector<std::string> shop_ids();

  // The current program (cached for a second).
  std::optional<ProgramRecord> program(const std::string& shop);
  // Fresh, on this connection (inside a transaction: what it sees).
  std::optional<ProgramRecord> program(Conn& c, const std::string& shop);
  // Stores a validated document as version = previous + 1; returns it.
  std::int64_t put_program(const std::string& shop, std::int64_t now, const std::function<std::string(std::int64_t)>& render);

 private:
  static constexpr std::int64_t kTtlMs = 1000;
  template <class Fn>
  void write(const std::string& shop, Fn fn);
  ProgramRecord parsed(const std::string& shop, std::int64_t version, Conn& c);

  Pool& pool_;
  ShopRepo repo_;
  TtlCache<std::string, std::optional<ShopRecord>> shops_{kTtlMs};
  TtlCache<std::string, std::optional<ProgramRecord>> programs_{kTtlMs};
  std::mutex mu_;
  std::map<std::pair<std::string, std::int64_t>, ProgramRecord> versions_;
};

}  // namespace loyalty::server
