// The merchant's side of outgoing notifications: the receivers a shop
// registers, a customer's notifications and how their deliveries went, the
// dead-letter list and replaying a dead delivery.
#pragma once
#include <cstdint>
#include <string>

#include "service/outcome.h"
#include "storage/store.h"

namespace loyalty::server {

class NotificationService {
 public:
  explicit NotificationService(Store& store) : store_(store) {}
  // {"url", "secret"?} → 201 {"id", "url", "secret"}: without a secret (16+
  // characters) one is made; either way it is shown here and never again.
  Outcome add_receiver(const std::string& shop, const std::string& body, std::int64_t now);
  Outcome receivers(const std::string& shop);
  Outcome remove_receiver(const std::string& shop, const std::string& id);
  Outcome of_customer(const std::string& shop, const std::string& customer);
  Outcome dead(const std::string& shop);
  // POST .../notifications/{notification}/deliveries/{receiver}/replay
  Outcome replay(const std::string& shop, const std::string& notification, const std::string& receiver);

 private:
  Store& store_;
};

}  // namespace loyalty::server
