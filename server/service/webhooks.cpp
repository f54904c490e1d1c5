#include "service/webhooks.h"

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

std::int64_t integer(const json& j, const char* key, std::int64_t fallback) {
  const json& v = at(j, key);
  if (v.is_number_integer() || v.is_number_unsigned()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > 1000000000ULL) return fallback;
    return v.get<std::int64_t>();
  }
  return fallback;
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

Mapping map_shopify(const std::string& topic, const json& o, const loyalty::Program& p, std::uint64_t seed, std::int64_t now) {
  Mapping m;
  if (!o.is_object()) throw ApiError(422, "payload must be a JSON object", "");
  const int digits = p.minor_digits;
  if (topic == "orders/paid") {
    const std::string order_id = id_text(at(o, "id"));
    if (order_id.empty()) throw ApiError(422, "order has no id", "/id");
    const std::string customer = id_text(at(at(o, "customer"), "id"));
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
      std::int64_t qty = integer(li, "current_quantity", integer(li, "quantity", 0));
      if (qty <= 0) continue;
      const json& price_set = shop_money(at(li, "price_set"));
      const std::int64_t unit = price_set.is_object() ? money(at(price_set, "amount"), digits, here + "/price_set/shop_money/amount")
                                                      : money(at(li, "price"), digits, here + "/price");
      std::int64_t discount = 0;
      const json& allocations = at(li, "discount_allocations");
      if (allocations.is_array())
        for (size_t k = 0; k < allocations.size(); ++k) {
          const json& a = allocations[k];
          const json& sm = shop_money(at(a, "amount_set"));
          discount += sm.is_object() ? money(at(sm, "amount"), digits, here + "/discount_allocations/" + std::to_string(k))
                                     : money(at(a, "amount"), digits, here + "/discount_allocations/" + std::to_string(k));
        }
      if (unit < 0 || discount < 0) throw ApiError(422, "negative amount", here);
      const std::int64_t gross = unit * qty;  // unit <= 1e15 and qty small; core re-checks limits
      if (discount > gross) discount = gross;
      std::string product = id_text(at(li, "product_id"));
      json line = {{"id", id_text(at(li, "id"))}, {"product_id", product.empty() ? "custom" : product},
                   {"quantity", qty}, {"unit_price", unit}, {"discount", discount}};
      if (std::string v = id_text(at(li, "variant_id")); !v.empty()) line["variant_id"] = v;
      if (at(li, "gift_card").is_boolean()) line["gift_card"] = at(li, "gift_card").get<bool>();
      if (line["id"].get<std::string>().empty()) line["id"] = std::to_string(i + 1);
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
    const std::string id = id_text(at(o, "id")), order_id = id_text(at(o, "order_id"));
    if (id.empty() || order_id.empty()) throw ApiError(422, "refund needs id and order_id", id.empty() ? "/id" : "/order_id");
    json lines = json::array();
    if (const json& items = at(o, "refund_line_items"); items.is_array())
      for (const auto& li : items) {
        std::int64_t q = integer(li, "quantity", 0);
        if (q > 0) lines.push_back({{"line_id", id_text(at(li, "line_item_id"))}, {"quantity", q}});
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
    const std::string id = id_text(at(o, "id"));
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
    const std::string id = id_text(at(o, "id"));
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
  const std::string order_id = id_text(at(o, "id"));
  if (order_id.empty()) throw ApiError(422, "order has no id", "/id");
  const std::string customer = id_text(at(o, "customer_id"));
  if (customer.empty() || customer == "0") {
    m.ignored = "guest order (customer_id 0)";
    return m;
  }
  check_currency(text(o, "currency"), p, "/currency");
  const std::string status = text(o, "status");
  const bool paid = status == "processing" || status == "completed" || status == "refunded" ||
                    !text(o, "date_paid_gmt").empty();
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
    const std::int64_t qty = integer(li, "quantity", 0);
    if (qty <= 0) continue;
    const std::int64_t subtotal = money(at(li, "subtotal"), digits, here + "/subtotal");  // before discounts
    const std::int64_t total = money(at(li, "total"), digits, here + "/total");           // after discounts
    if (subtotal < 0 || total < 0) throw ApiError(422, "negative amount", here);
    // Whole-unit price that covers the subtotal; the rounding goes into the discount,
    // so what earns is exactly the line's total after discounts.
    const std::int64_t unit = (subtotal + qty - 1) / qty;
    const std::int64_t discount = unit * qty - std::min(total, unit * qty);
    json line = {{"id", id_text(at(li, "id"))}, {"product_id", id_text(at(li, "product_id"))}, {"quantity", qty},
                 {"unit_price", unit}, {"discount", discount}};
    if (std::string v = id_text(at(li, "variation_id")); !v.empty() && v != "0") line["variant_id"] = v;
    if (line["product_id"].get<std::string>().empty() || line["product_id"] == "0") line["product_id"] = "custom";
    if (line["id"].get<std::string>().empty()) line["id"] = std::to_string(i + 1);
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
      const std::string rid = id_text(at(refunds[i], "id"));
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
