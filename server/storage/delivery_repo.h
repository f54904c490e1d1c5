// Webhook deliveries already handled, per shop and platform: a retry of one is
// answered as a duplicate and writes nothing.
#pragma once
#include <cstdint>
#include <string>

#include "storage/db.h"

namespace loyalty::server {

class DeliveryRepo {
 public:
  bool seen(Conn& c, const std::string& shop, const std::string& source, const std::string& id);
  void record(Conn& c, const std::string& shop, const std::string& source, const std::string& id, std::int64_t now,
              const std::string& outcome);
};

}  // namespace loyalty::server
