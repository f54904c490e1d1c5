#include "storage/idempotency_repo.h"

namespace loyalty::server {

std::optional<IdempotentAnswer> IdempotencyRepo::find(Conn& c, const std::string& shop, const std::string& customer,
                                                      const std::string& key) {
  auto rows = c.query("SELECT status, response, request_hash FROM idempotency WHERE shop = ? AND customer = ? AND key = ?",
                      {shop, customer, key});
  if (rows.empty()) return std::nullopt;
  return IdempotentAnswer{static_cast<int>(rows[0].integer(0)), rows[0][1], rows[0][2]};
}

void IdempotencyRepo::save(Conn& c, const std::string& shop, const std::string& customer, const std::string& key,
                           const IdempotentAnswer& answer, std::int64_t now) {
  c.exec("INSERT INTO idempotency (shop, customer, key, status, response, request_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
         "ON CONFLICT (shop, customer, key) DO NOTHING",
         {shop, customer, key, static_cast<std::int64_t>(answer.status), answer.response, answer.request_hash, now});
}

}  // namespace loyalty::server
