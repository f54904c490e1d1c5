// Core notifications as the outbox rows their receivers will get: the body is
// the core's JSON plus "id", "shop" and "customer_id", fixed when written.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "loyalty/notification.h"
#include "storage/store.h"

namespace loyalty::server {

// Inside the writing transaction. A notification goes to the receivers the shop
// has when it is written, so a shop without any stores none: no outbox row
// that nothing would deliver (most shops, on every order). A key the customer
// already has writes nothing.
void write_notifications(Store& store, Conn& c, const loyalty::Program& p, const std::string& shop, const std::string& customer,
                         const std::vector<loyalty::Notification>& list, std::int64_t now);

}  // namespace loyalty::server
