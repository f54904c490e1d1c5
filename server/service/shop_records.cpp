// The shop and its program as every caller's handlers need them, and whether the store answers.
#include "service/errors.h"
#include "service/service.h"

namespace loyalty::server {

std::optional<ShopRecord> Service::shop(const std::string& id) { return store_.shops().shop(id); }

std::optional<ProgramRecord> Service::program(const std::string& shop) { return store_.shops().program(shop); }

ProgramRecord require_program(Store& store, const std::string& shop) {
  auto p = store.shops().program(shop);
  if (!p) throw ApiError(409, "the shop has no program yet (PUT /api/v1/admin/shops/" + shop + "/program)", "");
  return *p;
}

std::string Service::store_kind() { return store_.kind(); }

std::string Service::check_store() {
  store_.ping();
  return store_.kind();
}

}  // namespace loyalty::server
