#include "service/merchant_service.h"

#include <algorithm>

#include "loyalty/engine.h"
#include "loyalty/json_io.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "storage/ledger_columns.h"
#include "tz_rule.h"

namespace loyalty::server {

using nlohmann::json;

Outcome MerchantService::put_program(const ShopRecord& shop, const std::string& body, std::int64_t now) {
  // As the core's JSON: the text stored is the one the core read (and dumps the same bytes).
  loyalty::json doc = to_core(read_json(body, "program"));
  if (!doc.is_object()) throw ApiError(422, "program must be a JSON object", "");
  auto named = doc.find("shop");
  if (named != doc.end() && !(named->is_string() && named->get<std::string>() == shop.id))
    throw ApiError(422, "must be this shop's id '" + shop.id + "'", "/shop");
  doc["shop"] = shop.id;
  doc["version"] = 1;  // the server numbers versions; validate with a placeholder
  // A zone named without its rule gets it from the system's tz data, stored with the program (the widget needs it).
  if (std::string e = loyalty_tz::fill_time_zone_rule(doc); !e.empty()) throw ApiError(422, e, "/time_zone");
  auto parsed = loyalty::program_from_json(doc);
  if (!parsed.ok()) throw ApiError::from(422, parsed.errors);
  const std::int64_t v = store_.shops().put_program(shop.id, now, [&](std::int64_t version) {
    doc["version"] = version;
    return loyalty::dump(doc);
  });
  return {200, {{"shop", shop.id}, {"version", v}}};
}

std::optional<ProgramRecord> MerchantService::program(const std::string& shop) {
  auto c = store_.conn();
  return store_.shops().program(*c, shop);
}

Outcome MerchantService::rotate_secret(const ShopRecord& shop, const std::string& body, std::int64_t now) {
  const json j = read_json_object(body, "request", {"secret", "grace_seconds", "purpose"});
  if (!j.contains("secret") || !j["secret"].is_string()) throw ApiError(422, "is required", "/secret");
  std::int64_t grace = 3600;
  if (j.contains("grace_seconds")) {
    if (!j["grace_seconds"].is_number_integer() || j["grace_seconds"].get<std::int64_t>() < 0 ||
        j["grace_seconds"].get<std::int64_t>() > 30 * 86400)
      throw ApiError(422, "must be 0 to 2592000 seconds", "/grace_seconds");
    grace = j["grace_seconds"].get<std::int64_t>();
  }
  const std::string secret = j["secret"].get<std::string>();
  // Without "purpose": the shop's one secret (every purpose that has none of its own).
  if (j.contains("purpose")) {
    SecretPurpose purpose;
    if (!j["purpose"].is_string() || !purpose_from_name(j["purpose"].get<std::string>(), &purpose))
      throw ApiError(422, "must be one of: shopify, woocommerce, generic, shopper", "/purpose");
    store_.shops().rotate_secret(shop.id, purpose, secret, now + grace);
  } else {
    store_.shops().rotate_secret(shop.id, secret, now + grace);
  }
  return {200, {{"rotated", true}, {"previous_valid_until", now + grace}}};
}

namespace {
std::string csv_field(const std::string& s) {
  bool quote = s.find_first_of(",\"\n\r") != std::string::npos;
  // Cells starting with = + - @ are read as formulas by spreadsheets.
  std::string v = (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '@')) ? "'" + s : s;
  if (!quote) return v;
  std::string out = "\"";
  for (char ch : v) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}
}  // namespace

const char* MerchantService::csv_header() {
  return "seq,customer,key,type,at,points,pending,value,program_version,order_id,reward_id,code,note,event_id\n";
}

std::string MerchantService::ledger_csv_page(const ShopRecord& shop, std::int64_t* after, int rows) {
  auto c = store_.conn();
  auto page = store_.customers().shop_entries(*c, shop.id, *after, rows);
  std::string out;
  for (const auto& s : page) {
    const auto& e = s.entry;
    const LedgerColumns col = ledger_columns(e);
    out += std::to_string(s.seq) + "," + csv_field(s.customer) + "," + csv_field(e.key) + "," + loyalty::entry_type_name(e.type()) +
           "," + loyalty::format_iso8601(e.at) + "," + std::to_string(e.points.raw()) + "," + std::to_string(e.pending.raw()) + "," +
           std::to_string(col.value) + "," + std::to_string(e.program_version) + "," + csv_field(col.order_id) + "," +
           csv_field(col.reward_id) + "," + csv_field(col.code) + "," + csv_field(col.note) + "," + csv_field(e.event_id) + "\n";
    *after = s.seq;
  }
  return out;
}

json MerchantService::analytics(const ShopRecord& shop, std::int64_t now) {
  const ProgramRecord prog = require_program(store_, shop.id);
  const loyalty::Program& p = *prog.program;
  auto c = store_.conn();
  const ShopFigures f = analytics_.figures(*c, shop.id, p.churn_days > 0 ? now - p.churn_days * loyalty::kDay : 0);
  // The offers made, whatever the program says today.
  const WinBackFigures wb = store_.win_back_offers().figures(*c, shop.id);
  const loyalty::Money liability =
      loyalty::points_value(p, loyalty::Points(std::max<std::int64_t>(f.points_outstanding, 0)));
  const auto ratio = [](std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
  };
  const auto buyers = [&](const ShopFigures::Buyers& b) {
    return json{{"buyers", b.buyers}, {"repeat_buyers", b.repeat_buyers}, {"rate", ratio(b.repeat_buyers, b.buyers)}};
  };
  json tiers = json::object();
  std::int64_t tiered = 0;
  for (const auto& [tier, n] : f.tiers) {
    tiers[tier] = n;
    tiered += n;
  }
  tiers["none"] = f.customers - tiered;
  json churn = {{"churn_days", p.churn_days}, {"count", f.churn_count}, {"customers", json::array()}};
  for (const auto& [id, last] : f.churned) churn["customers"].push_back({{"id", id}, {"last_order_at", loyalty::format_iso8601(last)}});
  return {{"shop", shop.id},
          {"program_version", prog.version},
          {"currency", p.currency},
          {"customers", f.customers},
          {"points_issued", f.points_issued},
          {"points_redeemed", f.points_redeemed},
          {"redemptions", f.redemptions},
          {"redeemed_value", f.redeemed_value},
          {"points_expired", f.points_expired},
          {"points_outstanding", f.points_outstanding},
          {"points_pending", f.points_pending},
          {"liability", {{"amount", liability}, {"formatted", loyalty::format_minor(liability, p.minor_digits)}}},
          {"redemption_rate", ratio(f.points_redeemed, f.points_issued)},
          {"repeat_purchase", {{"members", buyers(f.members)}, {"non_members", buyers(f.non_members)}}},
          {"tiers", tiers},
          {"referrals", {{"visits", f.referral_visits}, {"referees_signed_up", f.referees_signed_up}, {"conversions", f.referral_conversions}}},
          {"churn_risk", churn},
          {"win_back", {{"offered", wb.offered}, {"came_back", wb.came_back}, {"spent", wb.spent},
                        {"return_rate", ratio(wb.came_back, wb.offered)}}}};
}

Outcome MerchantService::adjust(const ShopRecord& shop, const std::string& customer, const std::string& key,
                                const std::string& body, std::int64_t now) {
  check_key(key);
  const json req = read_json_object(body, "request", {"points", "note"});
  const std::string fingerprint = request_hash("adjust", req);
  const loyalty::Event e{"adjust-" + (key.empty() ? unique_suffix() : key), now, read_event_body<loyalty::Adjust>(req)};
  const ProgramRecord prog = require_program(store_, shop.id);
  return writes_.in_customer_tx(shop, customer, prog, now, [&](CustomerTx& tx) -> Outcome {
    if (!key.empty())
      if (auto done = writes_.stored_answer(tx.conn, shop, customer, "adjust:" + key, fingerprint)) return *done;
    Applied a = writes_.apply(tx, shop, customer, e, std::nullopt, now);
    const auto s = loyalty::state_at(*tx.program.program, a.profile, a.ledger(), now);
    json entries = json::array();
    for (const auto& en : a.entries) entries.push_back(to_nlohmann(loyalty::to_json(en)));
    const Outcome out{a.duplicate ? 200 : 201, {{"duplicate", a.duplicate}, {"entries", entries}, {"balance", s.balance}}};
    if (!key.empty()) writes_.save_answer(tx.conn, shop, customer, "adjust:" + key, out, fingerprint, now);
    return out;
  });
}

}  // namespace loyalty::server
