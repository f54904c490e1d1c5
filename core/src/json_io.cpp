// JSON text <-> carts, customers, events and ledger entries.
#include "loyalty/json_io.h"

#include <algorithm>
#include <set>

#include "json_reader.h"

namespace loyalty {

namespace {

// Deepest nesting of arrays/objects, without recursion.
int nesting_depth(const std::string& text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    else if (c == ']' || c == '}') --depth;
  }
  return deepest;
}

}  // namespace

Result<json> parse_json(const std::string& text, const std::string& what) {
  if (nesting_depth(text) > kMaxJsonDepth)
    return Result<json>::failure("", what + " nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  // One text, one meaning: a NUL byte (where some readers stop) is refused
  // outright, text after the value by the parser, a repeated key here.
  if (const size_t nul = text.find('\0'); nul != std::string::npos)
    return Result<json>::failure("", what + " contains a NUL byte (at byte " + std::to_string(nul) + ")");
  std::string duplicate;
  json j = json::parse_unique_keys(text, &duplicate);
  if (!duplicate.empty()) return Result<json>::failure(duplicate, "repeats a key already in this object");
  if (j.is_discarded()) {
    std::string message = what + " is not valid JSON (near byte " + std::to_string(json::error_offset(text)) + ")";
    return Result<json>::failure("", message);
  }
  return Result<json>::success(std::move(j));
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Result<Cart> cart_from_json(const json& j, const std::string& at) {
  Errors errors;
  JsonReader r(errors);
  Cart c;
  if (!r.is_object(j, at)) return Result<Cart>::failure(errors);
  r.only_keys(j, at, {"currency", "lines", "order_discount", "shipping", "tax", "presentment_currency", "presentment_total",
                      "coupon_codes", "id", "customer_id", "placed_at"});
  c.currency = r.text(j, at, "currency", true, "", 3);
  c.order_discount = r.integer(j, at, "order_discount", false, 0, 0, kMaxAmount);
  c.shipping = r.integer(j, at, "shipping", false, 0, 0, kMaxAmount);
  c.tax = r.integer(j, at, "tax", false, 0, 0, kMaxAmount);
  c.presentment_currency = r.text(j, at, "presentment_currency", false, "", 3);
  c.presentment_total = r.integer(j, at, "presentment_total", false, 0, 0, kMaxAmount);
  c.coupon_codes = r.id_list(j, at, "coupon_codes", 50);
  const json* lines = r.member(j, at, "lines", true);
  const std::string lat = pointer_child(at, "lines");
  Minor goods = 0;
  if (lines && r.is_array(*lines, lat, 1000)) {
    std::set<std::string> ids;
    for (size_t i = 0; i < lines->size(); ++i) {
      const json& l = (*lines)[i];
      const std::string here = pointer_index(lat, i);
      if (!r.is_object(l, here)) continue;
      r.only_keys(l, here, {"id", "product_id", "variant_id", "quantity", "unit_price", "discount", "collections", "tags",
                            "gift_card", "title"});
      CartLine line;
      line.id = r.member(l, here, "id", false) ? r.id(l, here, "id", true) : std::to_string(i + 1);
      line.product_id = r.id(l, here, "product_id", true);
      line.variant_id = r.member(l, here, "variant_id", false) ? r.id(l, here, "variant_id", true) : "";
      line.quantity = r.integer(l, here, "quantity", false, 1, 1, 100000);
      line.unit_price = r.integer(l, here, "unit_price", true, 0, 0, kMaxAmount);
      line.discount = r.integer(l, here, "discount", false, 0, 0, kMaxAmount);
      line.collections = r.id_list(l, here, "collections", 100);
      line.tags = r.id_list(l, here, "tags", 100);
      line.gift_card = r.boolean(l, here, "gift_card", false);
      auto total = checked_mul(line.unit_price, line.quantity);
      if (!total || *total > kMaxAmount) r.fail(pointer_child(here, "quantity"), "unit_price x quantity is too large");
      else if (line.discount > *total) r.fail(pointer_child(here, "discount"), "must not exceed unit_price x quantity");
      else goods += *total - line.discount;
      if (goods > kMaxAmount) {
        r.fail(lat, "the lines add up to more than the engine allows");
        break;
      }
      if (!line.id.empty() && !ids.insert(line.id).second) r.fail(pointer_child(here, "id"), "duplicates an earlier line id");
      c.lines.push_back(line);
    }
  }
  if (c.order_discount > goods && errors.empty())
    r.fail(pointer_child(at, "order_discount"), "must not exceed the lines' total after their discounts");
  if (!errors.empty()) return Result<Cart>::failure(errors);
  return Result<Cart>::success(std::move(c));
}

Result<Cart> parse_cart(const std::string& text) {
  auto j = parse_json(text, "cart");
  if (!j.ok()) return Result<Cart>::failure(j.errors);
  return cart_from_json(j.value);
}

Result<CustomerProfile> profile_from_json(const json& j, const std::string& at) {
  Errors errors;
  JsonReader r(errors);
  CustomerProfile p;
  if (!r.is_object(j, at)) return Result<CustomerProfile>::failure(errors);
  p.id = r.id(j, at, "id", true);
  p.email = r.text(j, at, "email", false, "", 254);
  if (r.member(j, at, "birthday", false)) {
    std::string b = r.text(j, at, "birthday", false, "", 10);
    auto d = parse_date(b);
    if (!d) r.fail(pointer_child(at, "birthday"), "must be a date like 1990-05-14");
    else p.birthday = d;
  }
  p.created_at = r.instant(j, at, "created_at", false, 0);
  p.referred_by = r.text(j, at, "referred_by", false, "", 40);
  p.devices = r.id_list(j, at, "devices", 100);
  if (!errors.empty()) return Result<CustomerProfile>::failure(errors);
  return Result<CustomerProfile>::success(std::move(p));
}

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
  if (!errors.empty()) return Result<LedgerEntry>::failure(errors);
  return Result<LedgerEntry>::success(std::move(e));
}

json to_json(const CustomerProfile& p) {
  json j = json::object();
  j["id"] = p.id;
  if (!p.email.empty()) j["email"] = p.email;
  if (p.birthday) j["birthday"] = format_date(*p.birthday);
  if (p.created_at) j["created_at"] = p.created_at;
  if (!p.referred_by.empty()) j["referred_by"] = p.referred_by;
  if (!p.devices.empty()) j["devices"] = p.devices;
  return j;
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
  if (!errors.empty()) return Result<std::vector<LedgerEntry>>::failure(errors);
  return Result<std::vector<LedgerEntry>>::success(std::move(out));
}

Result<Customer> customer_from_json(const json& j) {
  Errors errors;
  JsonReader r(errors);
  Customer c;
  if (!r.is_object(j, "")) return Result<Customer>::failure(errors);
  r.only_keys(j, "", {"id", "email", "birthday", "created_at", "referred_by", "devices", "ledger"});
  auto p = profile_from_json(j, "");
  if (!p.ok()) errors.insert(errors.end(), p.errors.begin(), p.errors.end());
  else c.profile = p.value;
  if (const json* l = r.member(j, "", "ledger", false)) {
    if (r.is_array(*l, "/ledger", 1000000))
      for (size_t i = 0; i < l->size(); ++i) {
        auto e = entry_from_json((*l)[i], pointer_index("/ledger", i));
        if (e.ok()) c.ledger.push_back(std::move(e.value));
        else errors.insert(errors.end(), e.errors.begin(), e.errors.end());
        if (errors.size() > 50) break;
      }
  }
  if (!errors.empty()) return Result<Customer>::failure(errors);
  return Result<Customer>::success(std::move(c));
}

Result<Customer> parse_customer(const std::string& text) {
  auto j = parse_json(text, "customer");
  if (!j.ok()) return Result<Customer>::failure(j.errors);
  return customer_from_json(j.value);
}

Result<Event> event_from_json(const json& j) {
  Errors errors;
  JsonReader r(errors);
  Event e;
  if (!r.is_object(j, "")) return Result<Event>::failure(errors);
  e.id = r.text(j, "", "id", true, "", 200);
  std::string type = r.text(j, "", "type", true, "", 40);
  static const EventKind kinds[] = {EventKind::OrderPaid, EventKind::Refund, EventKind::Action, EventKind::CustomerCreated,
                                    EventKind::Redeem, EventKind::Adjust, EventKind::Tick, EventKind::ReferralCompleted,
                                    EventKind::MembershipStarted, EventKind::MembershipEnded, EventKind::PartnerExchange};
  bool known = false;
  for (EventKind k : kinds)
    if (type == event_kind_name(k)) { e.kind = k; known = true; }
  if (!known && !type.empty()) {
    r.fail("/type", "unknown event type '" + type + "'");
    return Result<Event>::failure(errors);
  }
  e.at = r.instant(j, "", "at", true);
  const std::int64_t big = kMaxAmount;
  switch (e.kind) {
    case EventKind::OrderPaid: {
      r.only_keys(j, "", {"id", "type", "at", "order"});
      const json* o = r.member(j, "", "order", true);
      if (o && r.is_object(*o, "/order")) {
        e.order.id = r.id(*o, "/order", "id", true);
        auto cart = cart_from_json(*o, "/order");
        if (cart.ok()) e.order.cart = cart.value;
        else errors.insert(errors.end(), cart.errors.begin(), cart.errors.end());
      }
      break;
    }
    case EventKind::Refund: {
      r.only_keys(j, "", {"id", "type", "at", "refund"});
      const json* f = r.member(j, "", "refund", true);
      if (f && r.is_object(*f, "/refund")) {
        r.only_keys(*f, "/refund", {"id", "order_id", "lines", "amount"});
        e.refund.id = r.id(*f, "/refund", "id", true);
        e.refund.order_id = r.id(*f, "/refund", "order_id", true);
        e.refund.amount = r.integer(*f, "/refund", "amount", false, -1, 0, big);
        if (const json* lines = r.member(*f, "/refund", "lines", false)) {
          if (r.is_array(*lines, "/refund/lines", 1000))
            for (size_t i = 0; i < lines->size(); ++i) {
              const std::string here = pointer_index("/refund/lines", i);
              if (!r.is_object((*lines)[i], here)) continue;
              RefundLine rl;
              rl.line_id = r.id((*lines)[i], here, "line_id", true);
              rl.quantity = r.integer((*lines)[i], here, "quantity", true, 0, 1, 100000);
              e.refund.lines.push_back(rl);
            }
        }
        if (e.refund.amount < 0 && e.refund.lines.empty() && errors.empty())
          r.fail("/refund", "needs lines or an amount");
      }
      break;
    }
    case EventKind::Action:
      r.only_keys(j, "", {"id", "type", "at", "action"});
      e.action = r.text(j, "", "action", true, "", 64);
      break;
    case EventKind::CustomerCreated:
      r.only_keys(j, "", {"id", "type", "at", "seed"});
      e.seed = static_cast<std::uint64_t>(r.integer(j, "", "seed", false, 0, 0, INT64_MAX));
      break;
    case EventKind::Redeem:
      r.only_keys(j, "", {"id", "type", "at", "reward_id", "points", "seed"});
      e.reward_id = r.id(j, "", "reward_id", true);
      e.points = r.integer(j, "", "points", false, 0, 0, big);
      e.seed = static_cast<std::uint64_t>(r.integer(j, "", "seed", false, 0, 0, INT64_MAX));
      break;
    case EventKind::Adjust:
      r.only_keys(j, "", {"id", "type", "at", "points", "note"});
      e.points = r.integer(j, "", "points", true, 0, -big, big);
      e.note = r.text(j, "", "note", true, "", 500);
      if (e.points == 0 && errors.empty()) r.fail("/points", "must not be 0");
      break;
    case EventKind::Tick:
      r.only_keys(j, "", {"id", "type", "at"});
      break;
    case EventKind::ReferralCompleted: {
      r.only_keys(j, "", {"id", "type", "at", "referee"});
      const json* f = r.member(j, "", "referee", true);
      if (f && r.is_object(*f, "/referee")) {
        r.only_keys(*f, "/referee", {"id", "email", "device", "order_id", "order_eligible", "first_order"});
        e.referee_id = r.id(*f, "/referee", "id", true);
        e.referee_email = r.text(*f, "/referee", "email", false, "", 254);
        e.referee_device = r.text(*f, "/referee", "device", false, "", 128);
        e.referee_order_id = r.id(*f, "/referee", "order_id", true);
        e.referee_order_eligible = r.integer(*f, "/referee", "order_eligible", true, 0, 0, big);
        e.referee_first_order = r.boolean(*f, "/referee", "first_order", true);
      }
      break;
    }
    case EventKind::MembershipStarted:
      r.only_keys(j, "", {"id", "type", "at", "plan_id", "period_end"});
      e.plan_id = r.id(j, "", "plan_id", true);
      e.period_end = r.instant(j, "", "period_end", true);
      if (e.period_end <= e.at && errors.empty()) r.fail("/period_end", "must be after /at");
      break;
    case EventKind::MembershipEnded:
      r.only_keys(j, "", {"id", "type", "at", "plan_id"});
      e.plan_id = r.id(j, "", "plan_id", true);
      break;
    case EventKind::PartnerExchange: {
      r.only_keys(j, "", {"id", "type", "at", "partner_id", "direction", "points"});
      e.partner_id = r.id(j, "", "partner_id", true);
      std::string dir = r.text(j, "", "direction", true, "", 3);
      if (dir != "in" && dir != "out" && !dir.empty()) r.fail("/direction", "must be one of: in, out");
      e.inbound = dir != "out";
      e.points = r.integer(j, "", "points", true, 0, 1, big);
      break;
    }
  }
  if (!errors.empty()) return Result<Event>::failure(errors);
  return Result<Event>::success(std::move(e));
}

Result<Event> parse_event(const std::string& text) {
  auto j = parse_json(text, "event");
  if (!j.ok()) return Result<Event>::failure(j.errors);
  return event_from_json(j.value);
}

Result<CustomerState> state_from_json(const json& j) {
  Errors errors;
  JsonReader r(errors);
  CustomerState s;
  if (!r.is_object(j, "")) return Result<CustomerState>::failure(errors);
  const std::int64_t big = kMaxAmount;
  s.balance = r.integer(j, "", "balance", true, 0, -big, big);
  s.pending = r.integer(j, "", "pending", false, 0, -big, big);
  s.membership = r.text(j, "", "membership", false, "", 128);
  if (const json* t = r.member(j, "", "tier", false)) {
    if (r.is_object(*t, "/tier")) {
      s.tier.current = r.text(*t, "/tier", "current", false, "", 128);
      s.tier.next = r.text(*t, "/tier", "next", false, "", 128);
      s.tier.value = r.integer(*t, "/tier", "value", false, 0, -big, big);
      s.tier.next_threshold = r.integer(*t, "/tier", "next_threshold", false, 0, 0, big);
      s.tier.remaining = r.integer(*t, "/tier", "remaining", false, 0, -big, big);
    }
  }
  if (!errors.empty()) return Result<CustomerState>::failure(errors);
  return Result<CustomerState>::success(std::move(s));
}

json errors_json(const Errors& errors) {
  json out = json::array();
  for (const auto& e : errors) out.push_back({{"pointer", e.pointer}, {"message", e.message}});
  return out;
}

}  // namespace loyalty
