// The shop aggregate's queries: the shop row, its secrets per purpose and its
// program versions. Stateless: every call takes the connection (and, for a
// write, the connection of an open transaction). CachedShops wraps it.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/identity.h"
#include "loyalty/program.h"
#include "storage/db.h"

namespace loyalty::server {

struct ShopRecord {
  std::string id;
  ShopSecrets secrets;  // the shop's one secret: every purpose without its own
  std::map<SecretPurpose, ShopSecrets> own_secrets;
  std::string api_key_hash;
  std::vector<std::string> origins;
  std::uint64_t code_seed = 0;
  std::string shopify_domain;  // "x.myshopify.com"; empty: no app-proxy request is accepted
  const ShopSecrets& secrets_for(SecretPurpose p) const;
};

// What shoppers get: to_json(program), every default filled, and its ETag.
struct ServedProgram {
  std::string text;
  std::string etag;
};

struct ProgramRecord {
  std::int64_t version = 0;
  std::string body;  // the stored JSON document, as the merchant wrote it
  // Made once per version and shared: every write copies its record.
  std::shared_ptr<const ServedProgram> served;
  std::shared_ptr<const loyalty::Program> program;
};

class ShopRepo {
 public:
  std::optional<ShopRecord> find(Conn& c, const std::string& id);
  // Creates or updates the shop; its own_secrets are set (other purposes keep theirs).
  void upsert(Conn& c, const ShopRecord& s);
  // Without a purpose: the shop's one secret (what every purpose without its
  // own uses). With one: that purpose's own secret; the secret it used until
  // now stays valid until previous_until.
  void rotate_secret(Conn& c, const std::string& shop, const std::string& secret, std::int64_t previous_until);
  void rotate_secret(Conn& c, const std::string& shop, SecretPurpose purpose, const std::string& secret,
                     std::int64_t previous_until);
  std::vector<std::string> ids(Conn& c);

  // The newest program version, if any.
  std::optional<std::int64_t> program_version(Conn& c, const std::string& shop);
  std::optional<std::string> program_body(Conn& c, const std::string& shop, std::int64_t version);
  // Inside a transaction: stores render(next) as version = previous + 1 (the
  // shop row locked, so two concurrent PUTs get distinct versions); returns it.
  std::int64_t insert_program(Conn& c, const std::string& shop, std::int64_t now,
                              const std::function<std::string(std::int64_t)>& render);
};

}  // namespace loyalty::server
