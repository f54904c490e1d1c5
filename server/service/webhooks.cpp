#include "service/webhooks.h"

#include <type_traits>
#include <variant>

#include "loyalty/money.h"
#include "service/customer_writes.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "service/webhook_payload.h"

namespace loyalty::server {

using nlohmann::json;
using namespace payload;

std::string id_text(const json& v) {
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_string()) return v.get<std::string>();
  return "";
}

namespace {

// A cancelled order gives back everything it earned: a refund of the whole
// order (the core caps a refund at what is left of the order's eligible spend).
void claw_back_order(Mapping& m, const std::string& source, const std::string& order_id, loyalty::Seconds when) {
  m.refund_order_id = order_id;
  loyalty::Refund f;
  f.id = "cancel:" + order_id;
  f.order_id = order_id;
  f.amount = loyalty::Money{loyalty::kMaxAmount};
  m.events.push_back({"", loyalty::Event{source + ":cancel:" + order_id, when, f}, std::nullopt, {}});
}

MappedEvent customer_created(const std::string& source, const std::string& id, const json& o, loyalty::Seconds when) {
  loyalty::ProfilePatch profile;
  if (!text(o, "email").empty()) profile.email = text(o, "email");
  return {id, loyalty::Event{source + ":customer:" + id, when, loyalty::CustomerCreated{}}, profile, {}};
}

// Each of the payload's line_items, with its pointer and index.
template <class F>
void each_line_item(const json& o, const F& f) {
  const json& items = at(o, "line_items");
  if (!items.is_array()) throw ApiError(422, "line_items must be an array", "/line_items");
  for (size_t i = 0; i < items.size(); ++i) f(items[i], "/line_items/" + std::to_string(i), i);
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

// orders/paid: the lines still in the order (after edits), in shop money.
Mapping shopify_order_paid(const json& o, const loyalty::Program& p, std::int64_t now) {
  Mapping m;
  const int digits = p.minor_digits;
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
  if (const json& sm = shop_money(at(o, "current_subtotal_price_set")); sm.is_object()) currency = text(sm, "currency_code");
  check_currency(currency, p, "/current_subtotal_price_set/shop_money/currency_code");
  OrderBuilder order(order_id, p, "/line_items");
  each_line_item(o, [&](const json& li, const std::string& here, size_t i) {
    const std::int64_t ordered = quantity(li, "quantity", 0, here);
    const std::int64_t qty = quantity(li, "current_quantity", ordered, here);
    if (qty == 0) return;  // removed by an order edit
    loyalty::CartLine line;
    const json& price_set = shop_money(at(li, "price_set"));
    line.unit_price = Money(price_set.is_object() ? money(at(price_set, "amount"), digits, here + "/price_set/shop_money/amount")
                                                  : money(at(li, "price"), digits, here + "/price"));
    line.discount = Money(shopify_line_discount(li, digits, here));
    line.quantity = qty;
    const std::string product = platform_id(li, "product_id", here), line_id = platform_id(li, "id", here);
    line.id = line_id.empty() ? std::to_string(i + 1) : line_id;
    line.product_id = product.empty() ? "custom" : product;
    line.variant_id = platform_id(li, "variant_id", here);
    line.gift_card = at(li, "gift_card").is_boolean() && at(li, "gift_card").get<bool>();
    order.add_line(std::move(line), here);
  });
  order.add_coupons(at(o, "discount_codes"), "/discount_codes");
  if (const json& ship = shop_money(at(o, "total_shipping_price_set")); ship.is_object())
    order.set_shipping(at(ship, "amount"), "/total_shipping_price_set/shop_money/amount");
  if (const json& tax = shop_money(at(o, "total_tax_set")); tax.is_object())
    order.set_tax(at(tax, "amount"), "/total_tax_set/shop_money/amount");
  if (order.empty()) {
    m.ignored = "no paid lines";
    return m;
  }
  const loyalty::Seconds placed = when(o, {"processed_at", "created_at"}, now);
  m.events.push_back({customer, loyalty::Event{"shopify:order:" + order_id, placed, loyalty::OrderPaid{order.order()}}, std::nullopt, {}});
  return m;
}

// refunds/create: the refunded line items (points are clawed back per line).
Mapping shopify_refund(const json& o, std::int64_t now) {
  Mapping m;
  const std::string id = platform_id(o, "id", ""), order_id = platform_id(o, "order_id", "");
  if (id.empty() || order_id.empty()) throw ApiError(422, "refund needs id and order_id", id.empty() ? "/id" : "/order_id");
  loyalty::Refund f;
  f.id = id;
  f.order_id = order_id;
  if (const json& items = at(o, "refund_line_items"); items.is_array())
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string here = "/refund_line_items/" + std::to_string(i);
      const std::int64_t q = quantity(items[i], "quantity", 0, here);
      const std::string line = platform_id(items[i], "line_item_id", here);
      if (q > 0 && line.empty()) throw ApiError(422, "is required", here + "/line_item_id");
      if (q == 0) continue;
      if (f.lines.size() == loyalty::kMaxCartLines)
        throw ApiError(422, "more than " + std::to_string(loyalty::kMaxCartLines) + " refunded lines", "/refund_line_items");
      f.lines.push_back({line, q});
    }
  if (f.lines.empty()) {
    m.ignored = "refund has no refunded line items (points are clawed back per line)";
    return m;
  }
  m.refund_order_id = order_id;
  m.events.push_back({"", loyalty::Event{"shopify:refund:" + id, when(o, {"processed_at", "created_at"}, now), f}, std::nullopt, {}});
  return m;
}

// A paid order's lines. Whole-unit prices that cover each line's subtotal; the
// rounding goes into the discount, so what earns is exactly the line's total.
loyalty::Order woocommerce_order(const json& o, const std::string& order_id, const loyalty::Program& p) {
  const int digits = p.minor_digits;
  OrderBuilder order(order_id, p, "/line_items");
  each_line_item(o, [&](const json& li, const std::string& here, size_t i) {
    const std::int64_t qty = quantity(li, "quantity", 0, here);
    if (qty == 0) return;
    const std::int64_t subtotal = money(at(li, "subtotal"), digits, here + "/subtotal");  // before discounts
    const std::int64_t total = money(at(li, "total"), digits, here + "/total");           // after discounts
    if (subtotal < 0 || total < 0) throw ApiError(422, "negative amount", here);
    loyalty::CartLine line;
    line.quantity = qty;
    line.unit_price = Money((subtotal + qty - 1) / qty);
    line.discount = line.unit_price * qty - std::min(Money(total), line.unit_price * qty);  // at most subtotal + qty: no overflow
    const std::string line_id = platform_id(li, "id", here), product = platform_id(li, "product_id", here);
    line.id = line_id.empty() ? std::to_string(i + 1) : line_id;
    line.product_id = product.empty() || product == "0" ? "custom" : product;
    if (std::string v = platform_id(li, "variation_id", here); v != "0") line.variant_id = v;
    order.add_line(std::move(line), here);
  });
  order.set_shipping(at(o, "shipping_total"), "/shipping_total");
  order.set_tax(at(o, "total_tax"), "/total_tax");
  order.add_coupons(at(o, "coupon_lines"), "/coupon_lines");
  return order.order();
}

}  // namespace

Mapping map_shopify(const std::string& topic, const json& o, const loyalty::Program& p, std::int64_t now) {
  Mapping m;
  if (!o.is_object()) throw ApiError(422, "payload must be a JSON object", "");
  if (topic == "orders/cancelled") {
    const std::string order_id = platform_id(o, "id", "");
    if (order_id.empty()) throw ApiError(422, "order has no id", "/id");
    claw_back_order(m, "shopify", order_id, when(o, {"cancelled_at", "updated_at"}, now));
    return m;
  }
  if (topic == "orders/paid") return shopify_order_paid(o, p, now);
  if (topic == "refunds/create") return shopify_refund(o, now);
  if (topic == "customers/create") {
    const std::string id = platform_id(o, "id", "");
    if (id.empty()) throw ApiError(422, "customer has no id", "/id");
    m.events.push_back(customer_created("shopify", id, o, when(o, {"created_at"}, now)));
    return m;
  }
  m.ignored = "topic '" + topic + "' is not used";
  return m;
}

Mapping map_woocommerce(const std::string& topic, const json& o, const loyalty::Program& p, std::int64_t now) {
  Mapping m;
  if (!o.is_object()) throw ApiError(422, "payload must be a JSON object", "");
  if (topic == "customer.created") {
    const std::string id = platform_id(o, "id", "");
    if (id.empty() || id == "0") throw ApiError(422, "customer has no id", "/id");
    m.events.push_back(customer_created("woocommerce", id, o, when(o, {"date_created_gmt"}, now, true)));
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
  loyalty::Order order = woocommerce_order(o, order_id, p);
  if (!order.cart.lines.empty())
    m.events.push_back({customer, loyalty::Event{"woocommerce:order:" + order_id, when(o, {"date_paid_gmt", "date_created_gmt"}, now, true),
                                                 loyalty::OrderPaid{std::move(order)}},
                        std::nullopt, {}});
  // Refunds arrive as order.updated with the order's refunds array.
  if (const json& refunds = at(o, "refunds"); refunds.is_array())
    for (size_t i = 0; i < refunds.size(); ++i) {
      const std::string rid = platform_id(refunds[i], "id", "/refunds/" + std::to_string(i));
      if (rid.empty()) continue;
      std::int64_t amount = money(at(refunds[i], "total"), p.minor_digits, "/refunds/" + std::to_string(i) + "/total");
      if (amount < 0) amount = -amount;
      if (amount == 0) continue;
      loyalty::Refund f;
      f.id = rid;
      f.order_id = order_id;
      f.amount = Money(amount);
      m.events.push_back({customer, loyalty::Event{"woocommerce:refund:" + rid, when(o, {"date_modified_gmt"}, now, true), f}, std::nullopt, {}});
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
  MappedEvent me{customer, {}, std::nullopt, {}};
  if (event.contains("profile")) {
    if (!event["profile"].is_object()) throw ApiError(422, "must be an object", "/profile");
    auto patch = loyalty::profile_patch_from_json(to_core(event["profile"]), "/profile");
    if (patch.ok()) me.profile = std::move(patch.value);
    else me.profile_errors = std::move(patch.errors);
    event.erase("profile");
  }
  if (text(event, "type") == "tick") throw ApiError(422, "tick events are the server's own", "/type");
  // The generic sender's body is a core event: the core's reader checks it.
  me.event = event_or_throw(event);
  m.events.push_back(std::move(me));
  return m;
}

void give_shop_seed(Mapping& m, std::uint64_t seed) {
  const std::uint64_t s = seed & 0x7fffffffffffffffULL;  // as events are read: a JSON integer
  for (MappedEvent& me : m.events)
    std::visit([s](auto& body) {
      using B = std::decay_t<decltype(body)>;
      if constexpr (std::is_same_v<B, loyalty::CustomerCreated> || std::is_same_v<B, loyalty::OrderPaid> ||
                    std::is_same_v<B, loyalty::Redeem> || std::is_same_v<B, loyalty::ReferralCompleted>)
        body.seed = s;
    }, me.event.body);
}

}  // namespace loyalty::server
