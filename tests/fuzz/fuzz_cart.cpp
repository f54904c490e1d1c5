// libFuzzer target: cart JSON and the orders CSV. A cart that parses is quoted
// and applied as an order under a fixed program; a CSV that parses is simulated.
#include <cstdint>
#include <string>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const loyalty::Program& prog = fuzz::program(size);

  auto cart = loyalty::parse_cart(text);
  fuzz::check_errors(cart, "parse_cart");
  if (cart.ok()) {
    cart.value.currency = prog.currency;  // reach the earn code for any currency
    loyalty::Customer c = fuzz::customer_with_history(prog);
    fuzz::check_quote(loyalty::quote(prog, c, cart.value, fuzz::kNow));
    const loyalty::OrderPaid paid{{"fuzz-order-1", cart.value}};
    fuzz::check_apply(prog, c, loyalty::Event{"fuzz-order", fuzz::kNow, paid});
  }

  auto orders = loyalty::parse_orders_csv(text);
  fuzz::check_errors(orders, "parse_orders_csv");
  // simulate() redeems the cheapest reward while the customer can afford it,
  // one apply() per reward: bounded here by keeping the history small (a
  // 1e11-cent order alone means ~5e8 redemptions; reported to the lead).
  loyalty::Money spend{0};
  if (orders.ok())
    for (const auto& o : orders.value) spend += o.subtotal;
  if (orders.ok() && orders.value.size() <= 200 && spend <= 1000000) {
    loyalty::SimulationOptions options;
    fuzz::check_errors(loyalty::simulate(prog, orders.value, options), "simulate");
  }
  return 0;
}
