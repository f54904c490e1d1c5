// A/B tests of showing points: the merchant creates, starts and ends them and
// reads their analytics; the widget asks which run and reports exposures (a
// public beacon); order webhooks attribute orders to exposed customers'
// variants. The variant is always the core's assign_variant, here as in the
// widget. No HTTP, no SQL.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/guard.h"
#include "loyalty/event.h"
#include "service/outcome.h"
#include "service/rate_limit.h"
#include "storage/experiment_repo.h"
#include "storage/store.h"

namespace loyalty::server {

class ExperimentService {
 public:
  // exposures_per_minute: beacons per shop and client address; 0 = off.
  ExperimentService(Store& store, int exposures_per_minute)
      : store_(store), beacon_limit_(exposures_per_minute, 60000) {}

  // Merchant: {"id", "shown_basis_points", "starts_at", "ends_at", "minimum_effect_basis_points"}.
  // The same definition again answers 200; another one under a used id, 409.
  Outcome create(const ShopRecord& shop, const std::string& body, std::int64_t now);
  nlohmann::json list(const ShopRecord& shop, std::int64_t now);
  // Start now (a scheduled experiment) or end now; an ended experiment cannot start again.
  Outcome start(const ShopRecord& shop, const std::string& id, std::int64_t now);
  Outcome end(const ShopRecord& shop, const std::string& id, std::int64_t now);
  // The core's report: visitors, conversion, order value, intervals, sample size still needed.
  nlohmann::json analytics(const ShopRecord& shop, const std::string& id, std::int64_t now);

  // Public: the experiments running now, as the widget needs them.
  nlohmann::json running(const ShopRecord& shop, std::int64_t now);
  // Public beacon {"visitor" | "customer" + "signature", "exposures": [{"experiment", "variant"}]},
  // its sender already checked (auth/guard.h, for_beacon).
  Outcome expose(const Beacon& beacon, const std::string& client, std::int64_t now);

  // In an order webhook's transaction: the order counts for every running
  // experiment that exposed the customer before it was placed.
  void attribute_order(Conn& c, const ShopRecord& shop, const std::string& customer, const loyalty::Event& e);

 private:
  ExperimentRecord require(Conn& c, const ShopRecord& shop, const std::string& id);
  Store& store_;
  ExperimentRepo repo_;
  RateLimiter beacon_limit_;
};

}  // namespace loyalty::server
