#include "service/experiment_service.h"

#include "auth/guard.h"
#include "loyalty/experiment.h"
#include "loyalty/json_io.h"
#include "service/errors.h"
#include "service/json_body.h"

namespace loyalty::server {

using nlohmann::json;

namespace {

constexpr std::int64_t kMaxTime = 253402300799;  // 9999-12-31T23:59:59Z
constexpr size_t kMaxExposuresPerBeacon = 20;

std::int64_t whole(const json& j, const char* name, std::int64_t lo, std::int64_t hi, const std::string& what) {
  const std::string field = std::string("/") + name;
  if (!j.contains(name)) throw ApiError(422, "is required (" + what + ")", field);
  const json& v = j[name];
  if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) ||
      v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)
    throw ApiError(422, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + " (" + what + ")", field);
  return v.get<std::int64_t>();
}

const char* status_at(const ExperimentRecord& e, std::int64_t now) {
  if (now < e.starts_at) return "scheduled";
  return now < e.ends_at ? "running" : "ended";
}

json definition(const ExperimentRecord& e, std::int64_t now) {
  return {{"id", e.id},
          {"shown_basis_points", e.shown_basis_points},
          {"minimum_effect_basis_points", e.minimum_effect_basis_points},
          {"starts_at", e.starts_at},
          {"ends_at", e.ends_at},
          {"status", status_at(e, now)}};
}

json tally_json(const loyalty::VariantTally& t, std::int64_t average_order) {
  return {{"visitors", t.visitors},
          {"converted", t.converted_visitors},
          {"conversion_rate", t.visitors > 0 ? static_cast<double>(t.converted_visitors) / static_cast<double>(t.visitors) : 0.0},
          {"orders", t.order_values.count()},
          {"revenue", t.revenue_minor},
          {"average_order", average_order}};
}

}  // namespace

ExperimentRecord ExperimentService::require(Conn& c, const ShopRecord& shop, const std::string& id) {
  auto e = repo_.find(c, shop.id, id);
  if (!e) throw ApiError(404, "no such experiment", "");
  return *e;
}

Outcome ExperimentService::create(const ShopRecord& shop, const std::string& body, std::int64_t now) {
  const json j = read_json_object(body, "experiment",
                                  {"id", "shown_basis_points", "starts_at", "ends_at", "minimum_effect_basis_points"});
  ExperimentRecord e;
  e.shop = shop.id;
  e.id = id_member(j, "id", "/id");
  e.shown_basis_points = whole(j, "shown_basis_points", 0, loyalty::kSplitScale, "basis points of visitors who see points");
  if (auto errors = loyalty::check_experiment(e.id, static_cast<int>(e.shown_basis_points)); !errors.empty())
    throw ApiError::from(422, errors);
  e.minimum_effect_basis_points =
      whole(j, "minimum_effect_basis_points", 1, loyalty::kSplitScale, "the smallest change in conversion worth detecting, 100 = 1 point");
  e.starts_at = whole(j, "starts_at", 0, kMaxTime, "epoch seconds");
  e.ends_at = whole(j, "ends_at", 0, kMaxTime, "epoch seconds");
  if (e.ends_at <= e.starts_at) throw ApiError(422, "must be after starts_at", "/ends_at");
  if (e.ends_at <= now) throw ApiError(422, "must be in the future", "/ends_at");
  e.created_at = now;
  auto c = store_.conn();
  const bool inserted = in_write_tx(*c, [&] { return repo_.insert(*c, e); });
  if (inserted) return {201, definition(e, now)};
  const ExperimentRecord had = require(*c, shop, e.id);
  if (had.shown_basis_points == e.shown_basis_points && had.minimum_effect_basis_points == e.minimum_effect_basis_points &&
      had.starts_at == e.starts_at && had.ends_at == e.ends_at)
    return {200, definition(had, now)};
  throw ApiError(409, "an experiment with this id exists with another definition", "/id");
}

json ExperimentService::list(const ShopRecord& shop, std::int64_t now) {
  auto c = store_.conn();
  json out = json::array();
  for (const auto& e : repo_.list(*c, shop.id)) out.push_back(definition(e, now));
  return {{"experiments", out}};
}

Outcome ExperimentService::start(const ShopRecord& shop, const std::string& id, std::int64_t now) {
  auto c = store_.conn();
  return in_write_tx(*c, [&]() -> Outcome {
    ExperimentRecord e = require(*c, shop, id);
    if (e.ends_at <= now) throw ApiError(409, "the experiment has ended; create a new one", "");
    if (e.starts_at > now) {
      e.starts_at = now;
      repo_.set_times(*c, shop.id, id, e.starts_at, e.ends_at);
    }
    return {200, definition(e, now)};
  });
}

Outcome ExperimentService::end(const ShopRecord& shop, const std::string& id, std::int64_t now) {
  auto c = store_.conn();
  return in_write_tx(*c, [&]() -> Outcome {
    ExperimentRecord e = require(*c, shop, id);
    if (e.ends_at > now) {
      e.ends_at = now;
      if (e.starts_at > now) e.starts_at = now;  // ended before it started: it never runs
      repo_.set_times(*c, shop.id, id, e.starts_at, e.ends_at);
    }
    return {200, definition(e, now)};
  });
}

json ExperimentService::analytics(const ShopRecord& shop, const std::string& id, std::int64_t now) {
  auto c = store_.conn();
  const ExperimentRecord e = require(*c, shop, id);
  const ExperimentTallies t = repo_.tallies(*c, shop.id, id);
  const loyalty::ExperimentReport r =
      loyalty::report_experiment(t.hidden, t.shown, static_cast<int>(e.minimum_effect_basis_points));
  json out = {{"experiment", definition(e, now)},
              {"hidden", tally_json(t.hidden, r.average_order_hidden)},
              {"shown", tally_json(t.shown, r.average_order_shown)},
              {"conversion", nullptr},
              {"order_value", nullptr},
              {"sample_size", {{"needed_per_variant", nullptr}, {"still_needed", r.still_needed}}},
              {"not_yet", to_nlohmann(loyalty::errors_json(r.not_yet))}};
  if (r.conversion)
    out["conversion"] = {{"difference", r.conversion->difference}, {"low", r.conversion->low},
                         {"high", r.conversion->high}, {"z", r.conversion->z}, {"p_value", r.conversion->p_value}};
  if (r.order_value)
    out["order_value"] = {{"difference", r.order_value->difference}, {"low", r.order_value->low},
                          {"high", r.order_value->high}, {"t", r.order_value->t},
                          {"degrees_of_freedom", r.order_value->degrees_of_freedom}, {"p_value", r.order_value->p_value}};
  if (r.needed_per_variant) out["sample_size"]["needed_per_variant"] = *r.needed_per_variant;
  return out;
}

json ExperimentService::running(const ShopRecord& shop, std::int64_t now) {
  auto c = store_.conn();
  json out = json::array();
  for (const auto& e : repo_.running(*c, shop.id, now))
    out.push_back({{"id", e.id}, {"shown_basis_points", e.shown_basis_points}, {"ends_at", e.ends_at}});
  return {{"experiments", out}};
}

Outcome ExperimentService::expose(const Beacon& beacon, const std::string& client, std::int64_t now) {
  const ShopRecord& shop = beacon.shop;
  const json& j = beacon.body;
  if (!j.contains("exposures") || !j["exposures"].is_array() || j["exposures"].empty() ||
      j["exposures"].size() > kMaxExposuresPerBeacon)
    throw ApiError(422, "must be a list of 1 to 20 exposures", "/exposures");
  if (!beacon_limit_.allow(shop.id + "|" + client, now_ms())) throw ApiError(429, "too many exposures; try again in a minute", "");

  struct Exposure { std::string experiment, variant; bool running; };
  std::vector<Exposure> batch;
  auto c = store_.conn();
  for (size_t i = 0; i < j["exposures"].size(); ++i) {
    const json& x = j["exposures"][i];
    const std::string at = "/exposures/" + std::to_string(i);
    if (!x.is_object()) throw ApiError(422, "must be an object", at);
    for (const auto& item : x.items())
      if (item.key() != "experiment" && item.key() != "variant") throw ApiError(422, "unknown field", at + "/" + item.key());
    const std::string id = id_member(x, "experiment", at + "/experiment");
    auto e = repo_.find(*c, shop.id, id);
    if (!e) throw ApiError(422, "no such experiment", at + "/experiment");
    const std::string variant = loyalty::variant_name(
        loyalty::assign_variant(e->id, beacon.subject, static_cast<int>(e->shown_basis_points)));
    if (!x.contains("variant") || !x["variant"].is_string()) throw ApiError(422, "is required (shown or hidden)", at + "/variant");
    if (x["variant"].get<std::string>() != variant)
      throw ApiError(422, "is not the variant this visitor is assigned (" + variant + ")", at + "/variant");
    batch.push_back({id, variant, e->running(now)});
  }
  int recorded = 0, duplicates = 0, ignored = 0;
  in_write_tx(*c, [&] {
    for (const auto& x : batch) {
      if (!x.running) ++ignored;  // a beacon that arrives after the end (or before the start) counts for nothing
      else if (repo_.record_exposure(*c, shop.id, x.experiment, beacon.kind, beacon.subject, x.variant, now)) ++recorded;
      else ++duplicates;
    }
  });
  return {200, {{"recorded", recorded}, {"duplicates", duplicates}, {"ignored", ignored}}};
}

void ExperimentService::attribute_order(Conn& c, const ShopRecord& shop, const std::string& customer,
                                        const loyalty::Event& e) {
  const auto* paid = e.as<loyalty::OrderPaid>();
  if (!paid) return;
  const auto value = loyalty::order_value(paid->order.cart);
  if (!value) return;  // the core refuses such an order before this
  for (const auto& x : repo_.exposures_before(c, shop.id, customer, e.at))
    repo_.record_order(c, shop.id, x, paid->order.id, customer, value->raw(), e.at);
}

}  // namespace loyalty::server
