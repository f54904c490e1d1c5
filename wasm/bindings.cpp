// Registration only: the raw entry points (leading underscore) that
// loyalty-core.js wraps. Conversions live in helpers.cpp.
#include <emscripten/bind.h>

#include "helpers.h"

EMSCRIPTEN_BINDINGS(loyalty) {
  using namespace emscripten;
  function("_loadProgram", &loyalty_wasm::LoadProgram);
  function("_quoteCart", &loyalty_wasm::QuoteCart);
  function("_quoteProduct", &loyalty_wasm::QuoteProduct);
#ifndef LOYALTY_WASM_STATE_ONLY
  function("_customerSummary", &loyalty_wasm::CustomerSummary);  // the widget never calls it
#endif
  function("_rewardValue", &loyalty_wasm::RewardValue);
  function("_normalizeReferralCode", &loyalty_wasm::NormalizeReferralCode);
#ifndef LOYALTY_WASM_STATE_ONLY
  function("_parseTime", &loyalty_wasm::ParseTime);  // the widget passes epoch seconds
#endif
  function("_assignVariant", &loyalty_wasm::AssignVariant);
#ifdef LOYALTY_WASM_SIMULATE
  function("_simulate", &loyalty_wasm::Simulate);  // demo build only (see helpers.h)
  function("_normalizedProgram", &loyalty_wasm::NormalizedProgram);  // demo build only
#endif
#ifndef LOYALTY_WASM_STATE_ONLY
  function("_cachedPrograms", &loyalty_wasm::CachedPrograms);
#endif
}
