// A/B test of showing points: which variant a visitor sees. The widget (wasm)
// and the server (native) call the same function, so a visitor always sees
// the variant the server attributes their orders to.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "loyalty/cart.h"
#include "loyalty/result.h"

namespace loyalty {

enum class Variant { hidden, shown };  // hidden is the control: no points on product and cart pages

const char* variant_name(Variant v);

// Splits are in basis points of visitors who see points: 5000 is half.
constexpr int kSplitScale = 10000;

// Deterministic and stable: the same (experiment, visitor) always lands in the
// same bucket of [0, kSplitScale); the bucket decides against the split, so
// raising the split only moves visitors from hidden to shown, never back.
int visitor_bucket(const std::string& experiment_id, const std::string& visitor_id);
Variant assign_variant(const std::string& experiment_id, const std::string& visitor_id, int shown_basis_points);

// What an order attributed to a variant is worth: its goods after line and
// order discounts, in minor units (shipping and tax are not what showing points
// could sell), 0 when discounts exceed the goods; nullopt when it overflows.
std::optional<Money> order_value(const Cart& cart);

// Checks an experiment's identity and split before it is stored or used.
Errors check_experiment(const std::string& experiment_id, int shown_basis_points);

}  // namespace loyalty
