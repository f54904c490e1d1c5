// Conversions between the JS boundary (JSON text, numbers) and the core.
// No rules here: every number comes from the core; this file only parses,
// forwards and serialises. Nothing throws out of these functions.
#pragma once
#include <string>

namespace loyalty_wasm {

// What every entry point returns to JS, one string so the binding needs no
// value object: "1" + the value's JSON text (as the core serialises it,
// byte-identical to native), or "0" + a JSON array of {pointer,message}.
// wasm/loyalty-core.js decodes it (decodeResult).
using CallResult = std::string;

CallResult ValidateProgram(const std::string& program);
CallResult QuoteCart(const std::string& program, const std::string& customer_or_state, const std::string& cart,
                     double now);
CallResult QuoteProduct(const std::string& program, const std::string& customer_or_state, const std::string& product,
                        double now);
CallResult CustomerSummary(const std::string& program, const std::string& state, const std::string& cart, double now);
CallResult NormalizeReferralCode(const std::string& code);
// An ISO 8601 time as the CLI reads --now (the core's parser): epoch seconds.
CallResult ParseTime(const std::string& text);
#ifdef LOYALTY_WASM_SIMULATE
// The program over a CSV order history (the CLI's `simulate`), as of `end`
// (epoch seconds, 0: the last order + 1 day). Only in the demo's build
// (-DLOYALTY_WASM_SIMULATE): it adds about 16 KB gzip that shoppers never need.
CallResult Simulate(const std::string& program, const std::string& orders_csv, int redeeming_percent, double end);
#endif
// How many parsed programs the cache holds (for tests).
int CachedPrograms();

}  // namespace loyalty_wasm
