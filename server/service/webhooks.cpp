#include "service/webhooks.h"

#include "loyalty/money.h"
#include "loyalty/time.h"
#include "service/amount.h"
#include "service/errors.h"

namespace loyalty::server {

using nlohmann::json;

std::string id_text(const json& v) {
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_string()) return v.get<std::string>();
  return "";
}

namespace {

const json& at(const json& j, const char* key) {
  static const json null_value;
  if (!j.is_object()) return null_value;
  auto it = j.find(key);
  return it == j.end() ? null_value : *it;
}

std::string text(const json& j, const char* key) {
  const json& v = at(j, key);
  return v.is_string() ? v.get<std::string>() : "";
}

// A platform id (order, customer, line, product): a whole number from 0 to
// 2^64-1, sent as a JSON number or a string of digits. Absent or null: "".
// Anything else cannot be mapped: 422 naming the field, so the platform's
// retry after the shop fixes its data is applied, not remembered as done.
std::string platform_id(const json& j, const char* key, const std::string& where) {
  const json& v = at(j, key);
  if (v.is_null()) return "";
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return std::to_string(v.get<std::int64_t>());
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (!s.empty() && s.size() <= 20 && s.find_first_not_of("0123456789") == std::string::npos &&
        (s.size() < 20 || s <= "18446744073709551615"))
      return s;
  }
  throw ApiError(422, "must be a whole-number id from 0 to 18446744073709551615", where + "/" + key);
}

constexpr std::int64_t kMaxQuantity = 1000000;

// A line quantity: a whole number from 0 to kMaxQuantity; absent: `fallback`.
std::int64_t quantity(const json& j, const char* key, std::int64_t fallback, const std::string& where) {
  const json& v = at(j, key);
  if (v.is_null()) return fallback;
  if ((v.is_number_integer() || v.is_number_unsigned()) && !(v.is_number_integer() && v.get<std::int64_t>() < 0) &&
      v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxQuantity))
    return v.get<std::int64_t>();
  throw ApiError(422, "must be a whole number from 0 to " + std::to_string(kMaxQuantity), where + "/" + key);
}

// A money amount from a decimal string field (numbers are refused: they may be floats).
std::int64_t money(const json& v, int digits, const std::string& where) {
  if (v.is_null()) return 0;
  if (!v.is_string()) throw ApiError(422, "amount must be a decimal string", where);
  auto m = parse_minor(v.get<std::string>(), digits);
  if (!m) throw ApiError(422, "'" + v.get<std::string>() + "' is not an amount in minor units of this currency", where);
  return *m;
}

// Shopify money set: {"shop_money": {"amount": "1.00", "currency_code": "USD"}, "presentment_money": ...}
const json& shop_money(const json& set) { return at(set, "shop_money"); }

std::string when(const json& payload, std::initializer_list<const char*> keys, std::int64_t now, bool gmt_without_offset = false) {
  for (const char* k : keys) {
    std::string s = text(payload, k);
    if (s.empty()) continue;
    if (gmt_without_offset && s.size() == 19) s += "Z";
    if (loyalty::parse_iso8601(s)) return s;
  }
  return loyalty::format_iso8601(now);
}

void check_currency(const std::string& currency, const loyalty::Program& p, const std::string& where) {
  if (!currency.empty() && currency != p.currency)
    throw ApiError(422, "order currency " + currency + " is not the shop currency " + p.currency, where);
}

}  // namespace

namespace {

// A cancelled order gives back everything it earned: a refund of the whole
// order (the core caps a refund at what is left of the order's eligible spend).
void claw_back_order(Mapping& m, const std::string& source, const std::string& order_id, const std::string& at_time) {
  m.refund_order_id = order_id;
  m.events.push_back({"", {{"id", source + ":cancel:" + order_id}, {"type", "refund"}, {"at", at_time},
                           {"refund", {{"id", "cancel:" + order_id}, {"order_id", order_id}, {"amount", loyalty::kMaxAmount}}}},
                      std::nullopt});
}

// A line's discount: its discount_allocations when the payload has them,
// else (older payloads) its total_discount; never both, they are the same money.
std::int64_t shopify_line_discount(const json& li, int digits, const std::string& here) {
  const json& allocations = at(li, "discount_allocations");
  if (!allocations.is_null()) {
    if (!allocations.is_array()) throw ApiError(422, "must be an array", here + "/discount_allocations");
    std::int64_t discount = 0;
    for (size_t k = 0; k < allocations.size(); ++k) {
      const json& a = allocations[k];
      const std::string where = here + "/discount_allocations/" + std::to_string(k);
      const json& sm = shop_money(at(a, "amount_set"));
      const std::int64_t d = sm.is_object() ? money(at(sm, "amount"), digits, where + "/amount_set/shop_money/amount")
                                            : money(at(a, "amount"), digits, where + "/amount");
      if (d < 0) throw ApiError(422, "must not be negative", where);
      if (discount > loyalty::kMaxAmount - d) throw ApiError(422, "discounts add up to more than any order", where);
      discount += d;
    }
    return discount;
  }
  const json& set = shop_money(at(li, "total_discount_set"));
  return set.is_object() ? money(at(set, "amount"), digits, here + "/total_discount_set/shop_money/amount")
                         : money(at(li, "total_discount"), digits, here + "/total_discount");
}

}  // namespace

Mapping map_shopify(const std::string& topic, const json& o, const loyalty::Program& p, std::uint64_t seed, std::int64_t now) {
  Mapping m;
  if (!o.is_object()) throw ApiError(422, "payload must be a JSON object", "");
  const int digits = p.minor_digits;
  if (topic == "orders/cancelled") {
    const std::string order_id = platform_id(o, "id", "");
    if (order_id.empty()) throw ApiError(422, "order has no id", "/id");
    claw_back_order(m, "shopify", order_id, when(o, {"cancelled_at", "updated_at"}, now));
    return m;
  }
  if (topic == "orders/paid") {
    const std::string order_id = platform_id(o, "id", "");
    if (order_id.empty()) throw ApiError(422, "order has no id", "/id");
    const std::string customer = platform_id(at(o, "customer"), "id", "/customer");
    // Test orders (Bogus gateway, test mode) earn only where the program says so;
    // orders already cancelled or voided never earn.
    if (at(o, "test").is_boolean() && at(o, "test").get<bool>() && !p.earn.basis.include_test_orders) {
      m.ignored = "test order";
      return m;
    }
    const std::string financial = text(o, "financial_status");
    if (!text(o, "cancelled_at").empty() || financial == "voided" || financial == "refunded") {
      m.ignored = "order is cancelled, voided or refunded";
      return m;
    }
    if (customer.empty()) {
      m.ignored = "guest order (no customer)";
      return m;
    }
    std::string currency = text(o, "currency");
    if (const json& sm = shop_money(at(o, "current_subtotal_price_set")); sm.is_object())
      currency = text(sm, "currency_code");
    check_currency(currency, p, "/current_subtotal_price_set/shop_money/currency_code");
    json lines = json::array();
    const json& items = at(o, "line_items");
    if (!items.is_array()) throw ApiError(422, "line_items must be an array", "/line_items");
    for (size_t i = 0; i < items.size(); ++i) {
      const json& li = items[i];
      const std::string here = "/line_items/" + std::to_string(i);
      const std::int64_t ordered = quantity(li, "quantity", 0, here);
      const std::int64_t qty = quantity(li, "current_quantity", ordered, here);
      if (qty == 0) continue;  // removed by an order edit
      const json& price_set = shop_money(at(li, "price_set"));
      const std::int64_t unit = price_set.is_object() ? money(at(price_set, "amount"), digits, here + "/price_set/shop_money/amount")
                                                      : money(at(li, "price"), digits, here + "/price");
      std::int64_t discount = shopify_line_discount(li, digits, here);
      if (unit < 0 || discount < 0) throw ApiError(422, "negative amount", here);
      if (unit > loyalty::kMaxAmount / qty) throw ApiError(422, "price times quantity is more than any order", here);
      const std::int64_t gross = unit * qty;
      if (discount > gross) discount = gross;
      std::string product = platform_id(li, "product_id", here);
      std::string line_id = platform_id(li, "id", here);
      json line = {{"id", line_id.empty() ? std::to_string(i + 1) : line_id}, {"product_id", product.empty() ? "custom" : product},
                   {"quantity", qty}, {"unit_price", unit}, {"discount", discount}};
      if (std::string v = platform_id(li, "variant_id", here); !v.empty()) line["variant_id"] = v;
      if (at(li, "gift_card").is_boolean()) line["gift_card"] = at(li, "gift_card").get<bool>();
      lines.push_back(line);
    }
    json coupons = json::array();
    if (const json& codes = at(o, "discount_codes"); codes.is_array())
      for (const auto& c : codes)
        if (!text(c, "code").empty()) coupons.push_back(text(c, "code"));
    json order = {{"id", order_id}, {"currency", p.currency}, {"lines", lines}};
    if (const json& ship = shop_money(at(o, "total_shipping_price_set")); ship.is_object())
      order["shipping"] = money(at(ship, "amount"), digits, "/total_shipping_price_set/shop_money/amount");
    if (const json& tax = shop_money(at(o, "total_tax_set")); tax.is_object())
      order["tax"] = money(at(tax, "amount"), digits, "/total_tax_set/shop_money/amount");
    if (!coupons.empty()) order["coupon_codes"] = coupons;
    if (lines.empty()) {
      m.ignored = "no paid lines";
      return m;
    }
    MappedEvent e{customer, {{"id", "shopify:order:" + order_id}, {"type", "order_paid"},
                             {"at", when(o, {"processed_at", "created_at"}, now)}, {"order", order}}, std::nullopt};
    m.events.push_back(e);
    return m;
  }
  if (topic == "refunds/create") {
    const std::string id = platform_id(o, "id", ""), order_id = platform_id(o, "order_id", "");
    if (id.empty() || order_id.empty()) throw ApiError(422, "refund needs id and order_id", id.empty() ? "/id" : "/order_id");
    json lines = json::array();
    if (const json& items = at(o, "refund_line_items"); items.is_array())
      for (size_t i = 0; i < items.size(); ++i) {
        const std::string here = "/refund_line_items/" + std::to_string(i);
        const std::int64_t q = quantity(items[i], "quantity", 0, here);
        const std::string line = platform_id(items[i], "line_item_id", here);
        if (q > 0 && line.empty()) throw ApiError(422, "is required", here + "/line_item_id");
        if (q > 0) lines.push_back({{"line_id", line}, {"quantity", q}});
      }
    if (lines.empty()) {
      m.ignored = "refund has no refunded line items (points are clawed back per line)";
      return m;
    }
    m.refund_order_id = order_id;
    m.events.push_back({"", {{"id", "shopify:refund:" + id}, {"type", "refund"}, {"at", when(o, {"processed_at", "created_at"}, now)},
                             {"refund", {{"id", id}, {"order_id", order_id}, {"lines", lines}}}}, std::nullopt});
    return m;
  }
  if (topic == "customers/create") {
    const std::string id = platform_id(o, "id", "");
    if (id.empty()) throw ApiError(422, "customer has no id", "/id");
    json profile = json::object();
    if (!text(o, "email").empty()) profile["email"] = text(o, "email");
    m.events.push_back({id, {{"id", "shopify:customer:" + id}, {"type", "customer_created"}, {"at", when(o, {"created_at"}, now)},
                             {"seed", static_cast<std::int64_t>(seed & 0x7fffffffffffffffULL)}}, profile});
    return m;
  }
  m.ignored = "topic '" + topic + "' is not used";
  return m;
}

Mapping map_woocommerce(const std::string& topic, const json& o, const loyalty::Program& p, std::uint64_t seed, std::int64_t now) {
  Mapping m;
  if (!o.is_object()) throw ApiError(422, "payload must be a JSON object", "");
  const int digits = p.minor_digits;
  if (topic == "customer.created") {
    const std::string id = platform_id(o, "id", "");
    if (id.empty() || id == "0") throw ApiError(422, "customer has no id", "/id");
    json profile = json::object();
    if (!text(o, "email").empty()) profile["email"] = text(o, "email");
    m.events.push_back({id, {{"id", "woocommerce:customer:" + id}, {"type", "customer_created"},
                             {"at", when(o, {"date_created_gmt"}, now, true)},
                             {"seed", static_cast<std::int64_t>(seed & 0x7fffffffffffffffULL)}}, profile});
    return m;
  }
  if (topic.rfind("order.", 0) != 0 || topic == "order.deleted") {
    m.ignored = "topic '" + topic + "' is not used";
    return m;
  }
  const std::string order_id = platform_id(o, "id", "");
  if (order_id.empty()) throw ApiError(422, "order has no id", "/id");
  const std::string customer = platform_id(o, "customer_id", "");
  if (customer.empty() || customer == "0") {
    m.ignored = "guest order (customer_id 0)";
    return m;
  }
  check_currency(text(o, "currency"), p, "/currency");
  const std::string status = text(o, "status");
  if (status == "cancelled" || status == "refunded") {
    claw_back_order(m, "woocommerce", order_id, when(o, {"date_modified_gmt"}, now, true));
    return m;
  }
  const bool paid = status == "processing" || status == "completed" || !text(o, "date_paid_gmt").empty();
  if (!paid) {
    m.ignored = "order not paid (status " + status + ")";
    return m;
  }
  json lines = json::array();
  const json& items = at(o, "line_items");
  if (!items.is_array()) throw ApiError(422, "line_items must be an array", "/line_items");
  for (size_t i = 0; i < items.size(); ++i) {
    const json& li = items[i];
    const std::string here = "/line_items/" + std::to_string(i);
    const std::int64_t qty = quantity(li, "quantity", 0, here);
    if (qty == 0) continue;
    const std::int64_t subtotal = money(at(li, "subtotal"), digits, here + "/subtotal");  // before discounts
    const std::int64_t total = money(at(li, "total"), digits, here + "/total");           // after discounts
    if (subtotal < 0 || total < 0) throw ApiError(422, "negative amount", here);
    // Whole-unit price that covers the subtotal; the rounding goes into the discount,
    // so what earns is exactly the line's total after discounts.
    const std::int64_t unit = (subtotal + qty - 1) / qty;
    const std::int64_t discount = unit * qty - std::min(total, unit * qty);
    const std::string line_id = platform_id(li, "id", here), product = platform_id(li, "product_id", here);
    json line = {{"id", line_id.empty() ? std::to_string(i + 1) : line_id},
                 {"product_id", product.empty() || product == "0" ? "custom" : product}, {"quantity", qty},
                 {"unit_price", unit}, {"discount", discount}};
    if (std::string v = platform_id(li, "variation_id", here); !v.empty() && v != "0") line["variant_id"] = v;
    lines.push_back(line);
  }
  json order = {{"id", order_id}, {"currency", p.currency}, {"lines", lines},
                {"shipping", money(at(o, "shipping_total"), digits, "/shipping_total")},
                {"tax", money(at(o, "total_tax"), digits, "/total_tax")}};
  json coupons = json::array();
  if (const json& cl = at(o, "coupon_lines"); cl.is_array())
    for (const auto& c : cl)
      if (!text(c, "code").empty()) coupons.push_back(text(c, "code"));
  if (!coupons.empty()) order["coupon_codes"] = coupons;
  if (!lines.empty())
    m.events.push_back({customer, {{"id", "woocommerce:order:" + order_id}, {"type", "order_paid"},
                                   {"at", when(o, {"date_paid_gmt", "date_created_gmt"}, now, true)}, {"order", order}},
                        std::nullopt});
  // Refunds arrive as order.updated with the order's refunds array.
  if (const json& refunds = at(o, "refunds"); refunds.is_array())
    for (size_t i = 0; i < refunds.size(); ++i) {
      const std::string rid = platform_id(refunds[i], "id", "/refunds/" + std::to_string(i));
      if (rid.empty()) continue;
      std::int64_t amount = money(at(refunds[i], "total"), digits, "/refunds/" + std::to_string(i) + "/total");
      if (amount < 0) amount = -amount;
      if (amount == 0) continue;
      m.events.push_back({customer, {{"id", "woocommerce:refund:" + rid}, {"type", "refund"},
                                     {"at", when(o, {"date_modified_gmt"}, now, true)},
                                     {"refund", {{"id", rid}, {"order_id", order_id}, {"amount", amount}}}},
                          std::nullopt});
    }
  if (m.events.empty()) m.ignored = "nothing to apply";
  return m;
}

Mapping map_generic(const json& payload) {
  Mapping m;
  if (!payload.is_object()) throw ApiError(422, "event must be a JSON object", "");
  json event = payload;
  const std::string customer = id_text(at(payload, "customer"));
  if (customer.empty()) throw ApiError(422, "is required (the customer id)", "/customer");
  if (customer.size() > 128) throw ApiError(422, "must be at most 128 characters", "/customer");
  event.erase("customer");
  std::optional<json> profile;
  if (event.contains("profile")) {
    if (!event["profile"].is_object()) throw ApiError(422, "must be an object", "/profile");
    profile = event["profile"];
    event.erase("profile");
  }
  if (text(event, "type") == "tick") throw ApiError(422, "tick events are the server's own", "/type");
  m.events.push_back({customer, event, profile});
  return m;
}

}  // namespace loyalty::server
