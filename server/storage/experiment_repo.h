// Experiments (A/B tests of showing points), their visitors' first exposures
// and the orders attributed to them (SQL written once for SQLite and PostgreSQL).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/experiment_report.h"
#include "storage/db.h"

namespace loyalty::server {

struct ExperimentRecord {
  std::string shop, id;
  std::int64_t shown_basis_points = 0, minimum_effect_basis_points = 0;
  std::int64_t starts_at = 0, ends_at = 0, created_at = 0;
  bool running(std::int64_t now) const { return starts_at <= now && now < ends_at; }
};

// An exposed customer's variant in an experiment that ran when their order was placed.
struct CustomerExposure {
  std::string experiment, variant;
};

struct ExperimentTallies {
  loyalty::VariantTally hidden, shown;
};

class ExperimentRepo {
 public:
  std::optional<ExperimentRecord> find(Conn& c, const std::string& shop, const std::string& id);
  std::vector<ExperimentRecord> list(Conn& c, const std::string& shop);
  std::vector<ExperimentRecord> running(Conn& c, const std::string& shop, std::int64_t now);
  // False when the shop already has an experiment with this id (nothing written).
  bool insert(Conn& c, const ExperimentRecord& e);
  void set_times(Conn& c, const std::string& shop, const std::string& id, std::int64_t starts_at, std::int64_t ends_at);

  // False when the visitor was exposed before (the first exposure stands).
  bool record_exposure(Conn& c, const std::string& shop, const std::string& experiment, const std::string& subject_kind,
                       const std::string& subject, const std::string& variant, std::int64_t at);
  // The experiments running at `at` that exposed this customer at or before `at`.
  std::vector<CustomerExposure> exposures_before(Conn& c, const std::string& shop, const std::string& customer,
                                                 std::int64_t at);
  // An order once per experiment: a redelivered order writes nothing.
  void record_order(Conn& c, const std::string& shop, const CustomerExposure& exposure, const std::string& order_id,
                    const std::string& customer, std::int64_t value, std::int64_t at);
  // Visitors, converted customers and every attributed order's value, per variant.
  ExperimentTallies tallies(Conn& c, const std::string& shop, const std::string& experiment);
};

}  // namespace loyalty::server
