// The stored answers to idempotency keys, per shop and customer.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/db.h"

namespace loyalty::server {

// What a key answered: status, body, and the hash of the request it answered.
struct IdempotentAnswer {
  int status = 0;
  std::string response;
  std::string request_hash;
};

class IdempotencyRepo {
 public:
  std::optional<IdempotentAnswer> find(Conn& c, const std::string& shop, const std::string& customer, const std::string& key);
  // The first answer stays (a second save of the key changes nothing).
  void save(Conn& c, const std::string& shop, const std::string& customer, const std::string& key,
            const IdempotentAnswer& answer, std::int64_t now);
};

}  // namespace loyalty::server
