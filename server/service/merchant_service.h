// The merchant's service (the API-key caller): the program, the secrets, a
// customer's state, ledger and adjustments, the ledger export and the
// analytics. No HTTP, no SQL (the repositories have it).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "service/customer_view.h"
#include "service/customer_writes.h"
#include "service/outcome.h"
#include "storage/analytics_repo.h"
#include "storage/store.h"

namespace loyalty::server {

class MerchantService {
 public:
  MerchantService(Store& store, CustomerWrites& writes) : store_(store), view(store), writes_(writes) {}

 private:
  Store& store_;

 public:
  // A customer as the shopper sees themself (/me), and their ledger's pages.
  const CustomerView view;

  // Validates the document (the core's errors, 422) and stores it as the next version.
  Outcome put_program(const ShopRecord& shop, const std::string& body, std::int64_t now);
  // The current program, never stale (the merchant's own view).
  std::optional<ProgramRecord> program(const std::string& shop);
  // {"secret", "grace_seconds"?, "purpose"?}: the previous secret stays valid for the grace.
  Outcome rotate_secret(const ShopRecord& shop, const std::string& body, std::int64_t now);
  // The shop's ledger as CSV, one page of rows after seq `*after` (advanced);
  // empty when there is no more. csv_header() comes first.
  std::string ledger_csv_page(const ShopRecord& shop, std::int64_t* after, int rows = 5000);
  static const char* csv_header();
  nlohmann::json analytics(const ShopRecord& shop, std::int64_t now);
  // {"points", "note"?}: never below zero; an optional Idempotency-Key.
  Outcome adjust(const ShopRecord& shop, const std::string& customer, const std::string& idempotency_key,
                 const std::string& body, std::int64_t now);

 private:
  CustomerWrites& writes_;
  AnalyticsRepo analytics_;
};

}  // namespace loyalty::server
