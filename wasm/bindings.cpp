// The raw entry points: plain C exports, no embind (its runtime was 5 KB gzip
// of glue and 2.5 KB of wasm for six calls that take and return strings).
// wasm/string-calls.js wraps each as Module._quoteCart(...) etc.: JS strings
// in, one string out. Conversions live in helpers.cpp.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <string>

#include "helpers.h"

namespace {

// Text from JS: UTF-8 bytes and their count (a NUL inside is kept).
std::string Text(const char* bytes, std::size_t size) { return std::string(bytes, size); }

// The answer stays here until the next call; JS copies it out at once. It is
// JSON text from the core's dump, which escapes control characters, so it has
// no NUL before its end.
const char* Answer(std::string answer) {
  static std::string last;
  last = std::move(answer);
  return last.c_str();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* loyalty_validate_program(const char* program, std::size_t program_size) {
  return Answer(loyalty_wasm::ValidateProgram(Text(program, program_size)));
}

EMSCRIPTEN_KEEPALIVE const char* loyalty_quote_cart(const char* program, std::size_t program_size, const char* who,
                                                    std::size_t who_size, const char* cart, std::size_t cart_size,
                                                    double now) {
  return Answer(loyalty_wasm::QuoteCart(Text(program, program_size), Text(who, who_size), Text(cart, cart_size), now));
}

EMSCRIPTEN_KEEPALIVE const char* loyalty_quote_product(const char* program, std::size_t program_size, const char* who,
                                                       std::size_t who_size, const char* product,
                                                       std::size_t product_size, double now) {
  return Answer(
      loyalty_wasm::QuoteProduct(Text(program, program_size), Text(who, who_size), Text(product, product_size), now));
}

EMSCRIPTEN_KEEPALIVE const char* loyalty_customer_summary(const char* program, std::size_t program_size,
                                                          const char* state, std::size_t state_size, const char* cart,
                                                          std::size_t cart_size, double now) {
  return Answer(
      loyalty_wasm::CustomerSummary(Text(program, program_size), Text(state, state_size), Text(cart, cart_size), now));
}

EMSCRIPTEN_KEEPALIVE const char* loyalty_normalize_referral_code(const char* code, std::size_t code_size) {
  return Answer(loyalty_wasm::NormalizeReferralCode(Text(code, code_size)));
}

#ifdef LOYALTY_WASM_SIMULATE
EMSCRIPTEN_KEEPALIVE const char* loyalty_simulate(const char* program, std::size_t program_size, const char* orders_csv,
                                                  std::size_t orders_size, int redeeming_percent, double end) {
  return Answer(
      loyalty_wasm::Simulate(Text(program, program_size), Text(orders_csv, orders_size), redeeming_percent, end));
}
#endif

EMSCRIPTEN_KEEPALIVE int loyalty_cached_programs() { return loyalty_wasm::CachedPrograms(); }

}  // extern "C"
