#include "storage/experiment_repo.h"

#include "loyalty/money.h"

namespace loyalty::server {

namespace {

const char* kColumns = "shop, id, shown_basis_points, minimum_effect_basis_points, starts_at, ends_at, created_at";

ExperimentRecord from_row(const Row& r) {
  return {r[0], r[1], r.integer(2), r.integer(3), r.integer(4), r.integer(5), r.integer(6)};
}

std::vector<ExperimentRecord> from_rows(const Rows& rows) {
  std::vector<ExperimentRecord> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

loyalty::VariantTally& tally_of(ExperimentTallies& t, const std::string& variant) {
  if (variant == "shown") return t.shown;
  if (variant == "hidden") return t.hidden;
  throw CorruptRow("experiment row with variant '" + variant + "'");
}

}  // namespace

std::optional<ExperimentRecord> ExperimentRepo::find(Conn& c, const std::string& shop, const std::string& id) {
  auto rows = c.query(std::string("SELECT ") + kColumns + " FROM experiments WHERE shop = ? AND id = ?", {shop, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

std::vector<ExperimentRecord> ExperimentRepo::list(Conn& c, const std::string& shop) {
  return from_rows(c.query(std::string("SELECT ") + kColumns + " FROM experiments WHERE shop = ? ORDER BY created_at, id", {shop}));
}

std::vector<ExperimentRecord> ExperimentRepo::running(Conn& c, const std::string& shop, std::int64_t now) {
  return from_rows(c.query(std::string("SELECT ") + kColumns +
                               " FROM experiments WHERE shop = ? AND starts_at <= ? AND ends_at > ? ORDER BY id",
                           {shop, now, now}));
}

bool ExperimentRepo::insert(Conn& c, const ExperimentRecord& e) {
  return c.exec("INSERT INTO experiments (shop, id, shown_basis_points, minimum_effect_basis_points, starts_at, ends_at, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, id) DO NOTHING",
                {e.shop, e.id, e.shown_basis_points, e.minimum_effect_basis_points, e.starts_at, e.ends_at, e.created_at}) == 1;
}

void ExperimentRepo::set_times(Conn& c, const std::string& shop, const std::string& id, std::int64_t starts_at,
                               std::int64_t ends_at) {
  c.exec("UPDATE experiments SET starts_at = ?, ends_at = ? WHERE shop = ? AND id = ?", {starts_at, ends_at, shop, id});
}

bool ExperimentRepo::record_exposure(Conn& c, const std::string& shop, const std::string& experiment,
                                     const std::string& subject_kind, const std::string& subject,
                                     const std::string& variant, std::int64_t at) {
  return c.exec("INSERT INTO experiment_exposures (shop, experiment, subject_kind, subject, variant, first_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shop, experiment, subject_kind, subject) DO NOTHING",
                {shop, experiment, subject_kind, subject, variant, at}) == 1;
}

std::vector<CustomerExposure> ExperimentRepo::exposures_before(Conn& c, const std::string& shop,
                                                               const std::string& customer, std::int64_t at) {
  // The experiments running at `at` (a few per shop), then one primary-key
  // lookup each: never a scan of the shop's exposures, which grow with its visitors.
  std::vector<CustomerExposure> out;
  for (const auto& e : running(c, shop, at)) {
    auto rows = c.query("SELECT variant FROM experiment_exposures WHERE shop = ? AND experiment = ? AND subject_kind = 'customer' "
                        "AND subject = ? AND first_at <= ?",
                        {shop, e.id, customer, at});
    if (!rows.empty()) out.push_back({e.id, rows[0][0]});
  }
  return out;
}

void ExperimentRepo::record_order(Conn& c, const std::string& shop, const CustomerExposure& exposure,
                                  const std::string& order_id, const std::string& customer, std::int64_t value,
                                  std::int64_t at) {
  c.exec("INSERT INTO experiment_orders (shop, experiment, order_id, customer, variant, value, at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, experiment, order_id) DO NOTHING",
         {shop, exposure.experiment, order_id, customer, exposure.variant, value, at});
}

ExperimentTallies ExperimentRepo::tallies(Conn& c, const std::string& shop, const std::string& experiment) {
  ExperimentTallies t;
  const Params key = {shop, experiment};
  for (const auto& r : c.query("SELECT variant, COUNT(*) FROM experiment_exposures WHERE shop = ? AND experiment = ? "
                               "GROUP BY variant",
                               key))
    tally_of(t, r[0]).visitors = r.integer(1);
  for (const auto& r : c.query("SELECT variant, COUNT(DISTINCT customer) FROM experiment_orders WHERE shop = ? AND "
                               "experiment = ? GROUP BY variant",
                               key))
    tally_of(t, r[0]).converted_visitors = r.integer(1);
  for (const auto& r : c.query("SELECT variant, value FROM experiment_orders WHERE shop = ? AND experiment = ?", key)) {
    auto& v = tally_of(t, r[0]);
    const auto sum = loyalty::checked_add(v.revenue_minor, r.integer(1));
    if (!sum) throw CorruptRow("experiment revenue beyond 64 bits");
    v.revenue_minor = *sum;
    v.order_values.add(r.integer(1));
  }
  return t;
}

}  // namespace loyalty::server
