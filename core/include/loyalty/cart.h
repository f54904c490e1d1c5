// A cart (or a placed order's contents), always in the shop currency.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "loyalty/money.h"

namespace loyalty {

// What a cart or an order may hold: the JSON readers refuse more, and so do the
// server's webhook mappers, naming the platform's field.
constexpr std::int64_t kMaxQuantity = 100000;  // units of one line
constexpr std::size_t kMaxCartLines = 1000;    // also a refund's lines
constexpr std::size_t kMaxCouponCodes = 50;
constexpr std::size_t kMaxIdChars = 128;        // ids and codes: 1 to 128 characters

// Minor units of the shopper's currency (Cart::presentment_currency).
using PresentmentMoney = Amount<struct PresentmentUnit>;

struct CartLine {
  std::string id;                // line id, unique in the cart
  std::string product_id;
  std::string variant_id;
  std::int64_t quantity = 1;
  Money unit_price{0};          // shop currency, before discounts
  Money discount{0};            // discount on this line (all units)
  std::vector<std::string> collections;
  std::vector<std::string> tags;
  bool gift_card = false;
};

struct Cart {
  std::string currency;          // must be the shop currency
  std::vector<CartLine> lines;
  Money order_discount{0};      // order-level discount, spread over lines by value
  Money shipping{0};
  Money tax{0};
  // What the shopper saw, in their currency: display only, never earns. Of a
  // unit of its own: it is not the shop's money and cannot be added to it.
  std::string presentment_currency;
  PresentmentMoney presentment_total{0};
  std::vector<std::string> coupon_codes;  // codes used (to link redemptions)
};

// A placed order: a cart plus who and when.
struct Order {
  std::string id;                // shop's order id (kept as text: 64-bit safe)
  Cart cart;
};

}  // namespace loyalty
