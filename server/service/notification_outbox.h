// A core notification as the outbox row its receivers will get: the body is
// the core's JSON plus "id", "shop" and "customer_id", fixed when written.
#pragma once
#include <cstdint>
#include <string>

#include "loyalty/notification.h"
#include "storage/store.h"

namespace loyalty::server {

// Inside the writing transaction; a key the customer already has writes nothing.
void write_notification(Store& store, Conn& c, const loyalty::Program& p, const std::string& shop, const std::string& customer,
                        const loyalty::Notification& n, std::int64_t now);

}  // namespace loyalty::server
