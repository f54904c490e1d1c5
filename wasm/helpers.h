// Conversions between the JS boundary (JSON text, numbers) and the core.
// No rules here: every number comes from the core; this file only parses,
// forwards and serialises. Nothing throws out of these functions.
#pragma once
#include <string>

namespace loyalty_wasm {

// What every entry point returns to JS: one string (so the binding needs no
// value object), the envelope documented in wasm/loyalty-core.js, its only
// reader: "1" + value JSON, "0" + errors JSON, or "2" (kNotLoaded). Nothing
// throws: the wasm is built with -fno-exceptions and every input is checked
// before it is read.
using CallResult = std::string;

// Parses a program and keeps it under `key` (chosen by the JS face, one per
// program text; the last 4 are kept): later calls name the key, not the text.
// The value: {shop, name, version, currency, minor_digits}.
CallResult LoadProgram(int key, const std::string& text);
CallResult QuoteCart(int program, const std::string& customer_or_state, const std::string& cart, double now);
CallResult QuoteProduct(int program, const std::string& customer_or_state, const std::string& product, double now);
CallResult CustomerSummary(int program, const std::string& state, const std::string& cart, double now);
// What `points` of a variable reward are worth (minor units, the core's
// variable_value): the panel's slider shows it as it moves. With the server's
// state ({"balance":...}), a pick above its balance is refused too (blank: the
// reward's own bounds only).
CallResult RewardValue(int program, const std::string& reward_id, double points, const std::string& state);
CallResult NormalizeReferralCode(const std::string& code);
// An experiment's variant for a visitor ("shown" or "hidden"), the core's
// assign_variant as the server computes it for the visitor's exposures. In
// every build: 233 B gzip -9 of the widget's wasm, paid for by leaving
// ParseTime and CachedPrograms out of it (bindings.cpp).
CallResult AssignVariant(const std::string& experiment, const std::string& visitor, double shown_basis_points);
// An ISO 8601 time as the CLI reads --now (the core's parser): epoch seconds.
// Not in the widget's build: the widget passes epoch seconds.
CallResult ParseTime(const std::string& text);
#ifdef LOYALTY_WASM_SIMULATE
// The program over a CSV order history (the CLI's `simulate`), as of `end`
// (epoch seconds, 0: the last order + 1 day). Only in the demo's build
// (-DLOYALTY_WASM_SIMULATE): it adds about 16 KB gzip that shoppers never need.
CallResult Simulate(int program, const std::string& orders_csv, int redeeming_percent, double end);
// The loaded program as the core writes it back (to_json: every default
// filled), what the server serves the widget: the demo's builder previews a
// draft through it. Demo build only, like Simulate (the widget never needs it).
CallResult NormalizedProgram(int program);
#endif
// How many parsed programs the cache holds (for tests; not in the widget's build).
int CachedPrograms();

}  // namespace loyalty_wasm
