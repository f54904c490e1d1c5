// Ledger entries <-> JSON, one by one and as JSON lines.
#include "json_reader.h"
#include "loyalty/json_io.h"

namespace loyalty {

Result<LedgerEntry> entry_from_json(const json& j, const std::string& at) {
  Errors errors;
  JsonReader r(errors);
  LedgerEntry e;
  if (!r.is_object(j, at)) return Result<LedgerEntry>::failure(errors);
  e.key = r.text(j, at, "key", true, "", 300);
  e.event_id = r.text(j, at, "event_id", false, "", 300);
  std::string type = r.text(j, at, "type", true, "", 20);
  auto t = entry_type_from_name(type);
  if (!t && !type.empty()) r.fail(pointer_child(at, "type"), "unknown entry type '" + type + "'");
  if (t) e.type = *t;
  const std::int64_t big = kMaxAmount;
  e.at = r.instant(j, at, "at", true);
  e.occurred_at = r.instant(j, at, "occurred_at", false, 0);
  e.points = r.integer(j, at, "points", false, 0, -big, big);
  e.pending = r.integer(j, at, "pending", false, 0, -big, big);
  e.matures_at = r.instant(j, at, "matures_at", false, 0);
  e.expires_at = r.instant(j, at, "expires_at", false, 0);
  e.tier_points = r.integer(j, at, "tier_points", false, 0, -big, big);
  e.spend = r.integer(j, at, "spend", false, 0, -big, big);
  e.program_version = r.integer(j, at, "program_version", false, 0, 0, 1000000000);
  e.order_id = r.text(j, at, "order_id", false, "", 128);
  e.refund_id = r.text(j, at, "refund_id", false, "", 128);
  e.reward_id = r.text(j, at, "reward_id", false, "", 128);
  e.code = r.text(j, at, "code", false, "", 64);
  e.value = r.integer(j, at, "value", false, 0, -big, big);
  e.action = r.text(j, at, "action", false, "", 64);
  e.tier = r.text(j, at, "tier", false, "", 128);
  e.ref = r.text(j, at, "ref", false, "", 300);
  e.partner = r.text(j, at, "partner", false, "", 128);
  e.note = r.text(j, at, "note", false, "", 500);
  e.order_eligible = r.integer(j, at, "order_eligible", false, 0, 0, big);
  e.order_points = r.integer(j, at, "order_points", false, 0, -big, big);
  e.customer_id = r.text(j, at, "customer_id", false, "", 128);
  e.until = r.instant(j, at, "until", false, 0);
  e.coupons = r.id_list(j, at, "coupons", 50);
  if (const json* lines = r.member(j, at, "lines", false)) {
    const std::string lat = pointer_child(at, "lines");
    if (r.is_array(*lines, lat, 1000))
      for (size_t i = 0; i < lines->size(); ++i) {
        const std::string here = pointer_index(lat, i);
        if (!r.is_object((*lines)[i], here)) continue;
        EarnedLine l;
        l.line_id = r.text((*lines)[i], here, "line_id", true, "", 128);
        l.quantity = r.integer((*lines)[i], here, "quantity", true, 0, 0, 100000);
        l.eligible = r.integer((*lines)[i], here, "eligible", true, 0, 0, big);
        e.lines.push_back(l);
      }
  }
  return collected(std::move(errors), std::move(e));
}


json to_json(const LedgerEntry& e) {
  json j = json::object();
  j["key"] = e.key;
  if (!e.event_id.empty()) j["event_id"] = e.event_id;
  j["type"] = entry_type_name(e.type);
  j["at"] = format_iso8601(e.at);
  if (e.occurred_at && e.occurred_at != e.at) j["occurred_at"] = format_iso8601(e.occurred_at);
  j["points"] = e.points;
  if (e.pending) j["pending"] = e.pending;
  if (e.matures_at) j["matures_at"] = format_iso8601(e.matures_at);
  if (e.expires_at) j["expires_at"] = format_iso8601(e.expires_at);
  if (e.tier_points) j["tier_points"] = e.tier_points;
  if (e.spend) j["spend"] = e.spend;
  j["program_version"] = e.program_version;
  auto put = [&](const char* k, const std::string& v) { if (!v.empty()) j[k] = v; };
  put("order_id", e.order_id);
  put("refund_id", e.refund_id);
  put("reward_id", e.reward_id);
  put("code", e.code);
  if (e.value) j["value"] = e.value;
  put("action", e.action);
  put("tier", e.tier);
  put("ref", e.ref);
  put("partner", e.partner);
  put("note", e.note);
  put("customer_id", e.customer_id);
  if (e.until) j["until"] = format_iso8601(e.until);
  if (!e.coupons.empty()) j["coupons"] = e.coupons;
  if (!e.lines.empty() && e.type == EntryType::Clawback) {
    json lines = json::array();
    for (const auto& l : e.lines) lines.push_back({{"line_id", l.line_id}, {"quantity", l.quantity}, {"eligible", l.eligible}});
    j["lines"] = lines;
  }
  if (e.order_points && e.type != EntryType::Earn) j["order_points"] = e.order_points;
  if (e.type == EntryType::Earn) {
    j["order_eligible"] = e.order_eligible;
    j["order_points"] = e.order_points;
    json lines = json::array();
    for (const auto& l : e.lines) lines.push_back({{"line_id", l.line_id}, {"quantity", l.quantity}, {"eligible", l.eligible}});
    j["lines"] = lines;
  }
  return j;
}

Result<std::vector<LedgerEntry>> parse_ledger_jsonl(const std::string& text) {
  std::vector<LedgerEntry> out;
  Errors errors;
  size_t start = 0, line_no = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    ++line_no;
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      if (end == text.size()) break;
      continue;
    }
    auto j = parse_json(line, "ledger line " + std::to_string(line_no));
    if (!j.ok()) {
      for (auto& e : j.errors)
        if (!e.pointer.empty()) e.pointer = "/" + std::to_string(line_no - 1) + e.pointer;
      errors.insert(errors.end(), j.errors.begin(), j.errors.end());
    } else {
      auto e = entry_from_json(j.value, "/" + std::to_string(line_no - 1));
      if (e.ok()) out.push_back(std::move(e.value));
      else errors.insert(errors.end(), e.errors.begin(), e.errors.end());
    }
    if (errors.size() > 50) break;
    if (end == text.size()) break;
  }
  return collected(std::move(errors), std::move(out));
}


}  // namespace loyalty
