// Reading a platform's webhook payload (Shopify, WooCommerce): ids, quantities
// and amounts are checked as they are read, and what cannot be mapped is
// refused with ApiError(422) naming the payload's own field (JSON Pointer), so
// the platform's retry after the shop fixes its data is applied.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loyalty/cart.h"
#include "loyalty/program.h"
#include "loyalty/time.h"

namespace loyalty::server::payload {

using nlohmann::json;

// j[key], or null when j is not an object or has no such member.
const json& at(const json& j, const char* key);
// j[key] when it is a string, else "".
std::string text(const json& j, const char* key);
// A platform id (order, customer, line, product): a whole number from 0 to
// 2^64-1, as a JSON number or a string of digits. Absent or null: "".
std::string platform_id(const json& j, const char* key, const std::string& where);
// A line quantity: a whole number from 0 to the core's kMaxQuantity; absent: `fallback`.
std::int64_t quantity(const json& j, const char* key, std::int64_t fallback, const std::string& where);
// A money amount from a decimal string (numbers are refused: they may be floats); null: 0.
std::int64_t money(const json& v, int digits, const std::string& where);
// Shopify money set: {"shop_money": {"amount": "1.00", "currency_code": "USD"}, "presentment_money": ...}
const json& shop_money(const json& set);
// The first of `keys` that holds an ISO 8601 time (WooCommerce's *_gmt
// fields have no offset: gmt_without_offset), else `now`.
Seconds when(const json& payload, std::initializer_list<const char*> keys, Seconds now, bool gmt_without_offset = false);
void check_currency(const std::string& currency, const Program& p, const std::string& where);

// The core's order from a platform's paid lines, refused line by line where
// the core's cart would be (loyalty/cart.h's limits), naming the payload's field.
class OrderBuilder {
 public:
  // `lines_at`: the payload's array of lines ("/line_items").
  OrderBuilder(const std::string& order_id, const Program& p, std::string lines_at);
  // `here`: the line in the payload. A discount above the line's price is
  // capped at it (the line then earns nothing).
  void add_line(CartLine line, const std::string& here);
  // Each {"code": "..."} of `list` (the payload's array at `list_at`).
  void add_coupons(const json& list, const std::string& list_at);
  // Shipping and tax: not negative.
  void set_shipping(const json& amount, const std::string& where);
  void set_tax(const json& amount, const std::string& where);

  bool empty() const { return order_.cart.lines.empty(); }
  const Order& order() const { return order_; }

 private:
  Order order_;
  int digits_;
  std::string lines_at_;
  Money goods_{0};
  std::set<std::string> ids_;
};

}  // namespace loyalty::server::payload
