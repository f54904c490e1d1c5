#include "storage/delivery_repo.h"

namespace loyalty::server {

bool DeliveryRepo::seen(Conn& c, const std::string& shop, const std::string& source, const std::string& id) {
  return !c.query("SELECT 1 FROM deliveries WHERE shop = ? AND source = ? AND id = ?", {shop, source, id}).empty();
}

void DeliveryRepo::record(Conn& c, const std::string& shop, const std::string& source, const std::string& id, std::int64_t now,
                          const std::string& outcome) {
  c.exec("INSERT INTO deliveries (shop, source, id, received_at, outcome) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (shop, source, id) DO NOTHING",
         {shop, source, id, now, outcome});
}

}  // namespace loyalty::server
