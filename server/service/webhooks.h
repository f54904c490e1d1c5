// Platform payloads (Shopify, WooCommerce, generic) to typed core events.
// Called only after the raw body's signature was verified. Amounts come from
// the shop currency fields as decimal strings and become integer minor units;
// 64-bit ids stay exact (nlohmann keeps them as uint64) and become text.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loyalty/event.h"
#include "loyalty/profile_patch.h"
#include "loyalty/program.h"

namespace loyalty::server {

struct MappedEvent {
  std::string customer_id;             // empty: resolve from refund_order_id
  loyalty::Event event;
  std::optional<loyalty::ProfilePatch> profile;  // email, birthday, referred_by... to merge
  // A generic sender's "profile" the core's reader refused (pointers under
  // /profile). Answered 422 when the event is applied, after the delivery's
  // dedupe, as the merge always refused it: a redelivery answers duplicate.
  loyalty::Errors profile_errors;
};

struct Mapping {
  std::vector<MappedEvent> events;
  std::string refund_order_id;         // Shopify refunds carry no customer
  std::string ignored;                 // why nothing is to be done (guest order, unpaid...)
};

// Throws ApiError(422) naming the payload's field for payloads that cannot be
// mapped (values the core would refuse included: see webhook_payload.h).
Mapping map_shopify(const std::string& topic, const nlohmann::json& payload, const loyalty::Program& p, std::int64_t now);
Mapping map_woocommerce(const std::string& topic, const nlohmann::json& payload, const loyalty::Program& p, std::int64_t now);
// {"customer": "...", "profile"?: {...}, ...a core event}
Mapping map_generic(const nlohmann::json& payload);
// The shop's secret code seed on every mapped event that takes one
// (customer_created, order_paid, redeem, referral_completed): the core tells a
// shopper's own referral code and makes coupon codes with it. A generic sender
// does not know it; a seed in its body is replaced.
void give_shop_seed(Mapping& m, std::uint64_t seed);

// Exact id text from a JSON number (uint64/int64) or string; empty if absent/null.
std::string id_text(const nlohmann::json& v);

}  // namespace loyalty::server
