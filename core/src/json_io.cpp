// JSON text <-> carts, profiles, customers and states (events: event_json.cpp,
// ledger entries: ledger_json.cpp).
#include "loyalty/json_io.h"

#include <algorithm>
#include <set>

#include "json_reader.h"
#include "loyalty/profile_patch.h"

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
  c.order_discount = r.amount<Money>(j, at, "order_discount", false, 0, 0, kMaxAmount);
  c.shipping = r.amount<Money>(j, at, "shipping", false, 0, 0, kMaxAmount);
  c.tax = r.amount<Money>(j, at, "tax", false, 0, 0, kMaxAmount);
  c.presentment_currency = r.text(j, at, "presentment_currency", false, "", 3);
  c.presentment_total = r.amount<PresentmentMoney>(j, at, "presentment_total", false, 0, 0, kMaxAmount);
  c.coupon_codes = r.id_list(j, at, "coupon_codes", kMaxCouponCodes);
  const json* lines = r.member(j, at, "lines", true);
  const std::string lat = pointer_child(at, "lines");
  Money goods{0};
  if (lines && r.is_array(*lines, lat, kMaxCartLines)) {
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
      line.quantity = r.integer(l, here, "quantity", false, 1, 1, kMaxQuantity);
      line.unit_price = r.amount<Money>(l, here, "unit_price", true, 0, 0, kMaxAmount);
      line.discount = r.amount<Money>(l, here, "discount", false, 0, 0, kMaxAmount);
      line.collections = r.id_list(l, here, "collections", 100);
      line.tags = r.id_list(l, here, "tags", 100);
      line.gift_card = r.boolean(l, here, "gift_card", false);
      auto total = checked_mul(line.unit_price, line.quantity);
      if (!total || *total > kMaxAmount) r.fail(pointer_child(here, "quantity"), LOYALTY_WHY("unit_price x quantity is too large"));
      else if (line.discount > *total) r.fail(pointer_child(here, "discount"), LOYALTY_WHY("must not exceed unit_price x quantity"));
      else goods += *total - line.discount;
      if (goods > kMaxAmount) {
        r.fail(lat, LOYALTY_WHY("the lines add up to more than the engine allows"));
        break;
      }
      if (!line.id.empty() && !ids.insert(line.id).second) r.fail(pointer_child(here, "id"), LOYALTY_WHY("duplicates an earlier line id"));
      c.lines.push_back(line);
    }
  }
  if (c.order_discount > goods && errors.empty())
    r.fail(pointer_child(at, "order_discount"), LOYALTY_WHY("must not exceed the lines' total after their discounts"));
  return collected(std::move(errors), std::move(c));
}

Result<Cart> parse_cart(const std::string& text) {
  return parse_json_as<Cart>(text, "cart", [](const json& j) { return cart_from_json(j); });
}

// The id, then every other field as a patch reads it (one reader, one set of
// messages): on a profile with only its id, a patch's "cleared" is "absent".
Result<CustomerProfile> profile_from_json(const json& j, const std::string& at) {
  Errors errors;
  JsonReader r(errors);
  CustomerProfile p;
  if (!r.is_object(j, at)) return Result<CustomerProfile>::failure(errors);
  p.id = r.id(j, at, "id", true);
  auto patch = profile_patch_from_json(j, at);
  errors.insert(errors.end(), patch.errors.begin(), patch.errors.end());
  return collected(std::move(errors), apply_patch(std::move(p), patch.value));
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
  return collected(std::move(errors), std::move(c));
}

Result<Customer> parse_customer(const std::string& text) {
  return parse_json_as<Customer>(text, "customer", [](const json& j) { return customer_from_json(j); });
}

Result<CustomerState> state_from_json(const json& j) {
  Errors errors;
  JsonReader r(errors);
  CustomerState s;
  if (!r.is_object(j, "")) return Result<CustomerState>::failure(errors);
  const std::int64_t big = kMaxAmount;
  s.balance = r.amount<Points>(j, "", "balance", true, 0, -big, big);
  s.pending = r.amount<Points>(j, "", "pending", false, 0, -big, big);
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
  // The win-back offer the customer holds: a bonus on the next order or a reward's lower price, and when.
  if (const json* w = r.member(j, "", "win_back", false); w && r.is_object(*w, "/win_back")) {
    const std::string at = "/win_back";
    WinBackWindow& o = s.win_back;
    o.starts_at = r.instant(*w, at, "starts_at", true);
    o.ends_at = r.instant(*w, at, "expires_at", true);
    o.offer.bonus_points = r.amount<Points>(*w, at, "bonus_points", false, 0, 0, big);
    o.offer.reward_id = r.text(*w, at, "reward_id", false, "", 128);
    o.offer.reward_cost = r.amount<Points>(*w, at, "reward_cost", false, 0, 0, big);
  }
  return collected(std::move(errors), std::move(s));
}

json errors_json(const Errors& errors) {
  json out = json::array();
  for (const auto& e : errors) out.push_back({{"pointer", e.pointer}, {"message", e.message}});
  return out;
}

}  // namespace loyalty
