// The URLs a shop registered to receive its notifications, each with the
// secret its deliveries are signed with.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "storage/db.h"

namespace loyalty::server {

struct Receiver {
  std::int64_t id = 0;
  std::string url;
  std::string secret;
  std::int64_t created_at = 0;
};

class ReceiverRepo {
 public:
  std::int64_t add(Conn& c, const std::string& shop, const std::string& url, const std::string& secret, std::int64_t now);
  std::vector<Receiver> list(Conn& c, const std::string& shop);
  // Whether the shop has a receiver now (an index lookup, in the writer's transaction).
  bool any(Conn& c, const std::string& shop);
  // False when the shop has no such receiver. Its pending deliveries stop.
  bool remove(Conn& c, const std::string& shop, std::int64_t id);
};

}  // namespace loyalty::server
