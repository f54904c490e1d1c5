// Registration only: the raw entry points (leading underscore) that
// loyalty-core.js wraps. Conversions live in helpers.cpp.
#include <emscripten/bind.h>

#include "helpers.h"

EMSCRIPTEN_BINDINGS(loyalty) {
  using namespace emscripten;
  using loyalty_wasm::CallResult;
  value_object<CallResult>("CallResult")
      .field("ok", &CallResult::ok)
      .field("json", &CallResult::json)
      .field("error", &CallResult::error)
      .field("errors", &CallResult::errors);
  function("_validateProgram", &loyalty_wasm::ValidateProgram);
  function("_quoteCart", &loyalty_wasm::QuoteCart);
  function("_quoteProduct", &loyalty_wasm::QuoteProduct);
  function("_customerSummary", &loyalty_wasm::CustomerSummary);
  function("_normalizeReferralCode", &loyalty_wasm::NormalizeReferralCode);
#ifdef LOYALTY_WASM_SIMULATE
  function("_simulate", &loyalty_wasm::Simulate);  // demo build only (see helpers.h)
#endif
  function("_cachedPrograms", &loyalty_wasm::CachedPrograms);
}
