// What the handlers read and change of a shop's own records: the shop, its
// program, its secrets, and whether the store answers.
#include "service/errors.h"
#include "service/json_body.h"
#include "service/service.h"

namespace loyalty::server {

using nlohmann::json;

std::optional<ShopRecord> Service::shop(const std::string& id) { return store_.shops().shop(id); }

std::optional<ProgramRecord> Service::program(const std::string& shop) { return store_.shops().program(shop); }

std::optional<ProgramRecord> Service::program_fresh(const std::string& shop) {
  auto c = store_.conn();
  return store_.shops().program(*c, shop);
}

Outcome Service::rotate_secret(const ShopRecord& shop, const std::string& body, std::int64_t now) {
  const json j = read_json_object(body, "request", {"secret", "grace_seconds", "purpose"});
  if (!j.contains("secret") || !j["secret"].is_string()) throw ApiError(422, "is required", "/secret");
  std::int64_t grace = 3600;
  if (j.contains("grace_seconds")) {
    if (!j["grace_seconds"].is_number_integer() || j["grace_seconds"].get<std::int64_t>() < 0 ||
        j["grace_seconds"].get<std::int64_t>() > 30 * 86400)
      throw ApiError(422, "must be 0 to 2592000 seconds", "/grace_seconds");
    grace = j["grace_seconds"].get<std::int64_t>();
  }
  const std::string secret = j["secret"].get<std::string>();
  // Without "purpose": the shop's one secret (every purpose that has none of its own).
  if (j.contains("purpose")) {
    SecretPurpose purpose;
    if (!j["purpose"].is_string() || !purpose_from_name(j["purpose"].get<std::string>(), &purpose))
      throw ApiError(422, "must be one of: shopify, woocommerce, generic, shopper", "/purpose");
    store_.shops().rotate_secret(shop.id, purpose, secret, now + grace);
  } else {
    store_.shops().rotate_secret(shop.id, secret, now + grace);
  }
  return {200, {{"rotated", true}, {"previous_valid_until", now + grace}}};
}

std::string Service::store_kind() { return store_.kind(); }

std::string Service::check_store() {
  store_.ping();
  return store_.kind();
}

}  // namespace loyalty::server
