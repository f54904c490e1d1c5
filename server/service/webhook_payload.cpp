#include "service/webhook_payload.h"

#include <utility>

#include "loyalty/money.h"
#include "service/amount.h"
#include "service/errors.h"

namespace loyalty::server::payload {

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

std::int64_t quantity(const json& j, const char* key, std::int64_t fallback, const std::string& where) {
  const json& v = at(j, key);
  if (v.is_null()) return fallback;
  if ((v.is_number_integer() || v.is_number_unsigned()) && !(v.is_number_integer() && v.get<std::int64_t>() < 0) &&
      v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxQuantity))
    return v.get<std::int64_t>();
  throw ApiError(422, "must be a whole number from 0 to " + std::to_string(kMaxQuantity), where + "/" + key);
}

std::int64_t money(const json& v, int digits, const std::string& where) {
  if (v.is_null()) return 0;
  if (!v.is_string()) throw ApiError(422, "amount must be a decimal string", where);
  auto m = parse_minor(v.get<std::string>(), digits);
  if (!m) throw ApiError(422, "'" + v.get<std::string>() + "' is not an amount in minor units of this currency", where);
  return *m;
}

const json& shop_money(const json& set) { return at(set, "shop_money"); }

Seconds when(const json& payload, std::initializer_list<const char*> keys, Seconds now, bool gmt_without_offset) {
  for (const char* k : keys) {
    std::string s = text(payload, k);
    if (s.empty()) continue;
    if (gmt_without_offset && s.size() == 19) s += "Z";
    if (auto t = parse_iso8601(s)) return *t;
  }
  return now;
}

void check_currency(const std::string& currency, const Program& p, const std::string& where) {
  if (!currency.empty() && currency != p.currency)
    throw ApiError(422, "order currency " + currency + " is not the shop currency " + p.currency, where);
}

OrderBuilder::OrderBuilder(const std::string& order_id, const Program& p, std::string lines_at)
    : digits_(p.minor_digits), lines_at_(std::move(lines_at)) {
  order_.id = order_id;
  order_.cart.currency = p.currency;
}

void OrderBuilder::add_line(CartLine line, const std::string& here) {
  if (order_.cart.lines.size() == kMaxCartLines)
    throw ApiError(422, "more than " + std::to_string(kMaxCartLines) + " paid lines", lines_at_);
  if (line.unit_price < 0 || line.discount < 0) throw ApiError(422, "negative amount", here);
  const auto gross = checked_mul(line.unit_price, line.quantity);
  if (!gross || *gross > kMaxAmount) throw ApiError(422, "price times quantity is more than any order", here);
  line.discount = std::min(line.discount, *gross);
  goods_ += *gross - line.discount;  // both at most kMaxAmount: no overflow
  if (goods_ > kMaxAmount) throw ApiError(422, "the lines add up to more than any order", lines_at_);
  if (!ids_.insert(line.id).second) throw ApiError(422, "duplicates an earlier line id", here + "/id");
  order_.cart.lines.push_back(std::move(line));
}

void OrderBuilder::add_coupons(const json& list, const std::string& list_at) {
  if (!list.is_array()) return;
  for (size_t k = 0; k < list.size(); ++k) {
    const std::string code = text(list[k], "code");
    if (code.empty()) continue;
    const std::string where = list_at + "/" + std::to_string(k) + "/code";
    if (code.size() > kMaxIdChars) throw ApiError(422, "must be at most " + std::to_string(kMaxIdChars) + " characters", where);
    for (unsigned char c : code)
      if (c < 0x20 || c == 0x7f) throw ApiError(422, "must not contain control characters", where);
    if (order_.cart.coupon_codes.size() == kMaxCouponCodes)
      throw ApiError(422, "more than " + std::to_string(kMaxCouponCodes) + " codes", list_at);
    order_.cart.coupon_codes.push_back(code);
  }
}

void OrderBuilder::set_shipping(const json& amount, const std::string& where) {
  order_.cart.shipping = Money(money(amount, digits_, where));
  if (order_.cart.shipping < 0) throw ApiError(422, "must not be negative", where);
}

void OrderBuilder::set_tax(const json& amount, const std::string& where) {
  order_.cart.tax = Money(money(amount, digits_, where));
  if (order_.cart.tax < 0) throw ApiError(422, "must not be negative", where);
}

}  // namespace loyalty::server::payload
