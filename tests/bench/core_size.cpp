// The smallest program that pulls in what the widget needs of the core:
// parse a program, a customer state and a cart, and quote. Built by
// tests/bench/run_core_bench.sh with em++ -Oz to measure the core's wasm size.
#include <string>

#include "loyalty/engine.h"
#include "loyalty/json_io.h"

extern "C" {

// Points the cart earns, or -1 when any input is invalid.
long long loyalty_quote_points(const char* program, const char* state, const char* cart, long long now) {
  auto p = loyalty::parse_program(program);
  if (!p.ok()) return -1;
  auto s = loyalty::parse_json(state, "state");
  if (!s.ok()) return -1;
  auto st = loyalty::state_from_json(s.value);
  if (!st.ok()) return -1;
  auto c = loyalty::parse_cart(cart);
  if (!c.ok()) return -1;
  auto q = loyalty::quote(p.value, st.value, c.value, now);
  if (!q.ok()) return -1;
  return q.value.earn.points;
}

}
