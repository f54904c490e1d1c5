// libFuzzer target: program JSON. A program that parses must quote a fixed
// cart, apply a fixed order and simulate a short history without crashing; a
// failure must say why.
#include <algorithm>
#include <cstdint>
#include <string>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto p = loyalty::parse_program(text);
  fuzz::check_errors(p, "parse_program");
  if (!p.ok()) return 0;
  const loyalty::Program& prog = p.value;

  loyalty::Cart cart;
  cart.currency = prog.currency;
  cart.shipping = loyalty::Money{495};
  cart.tax = loyalty::Money{1200};
  cart.order_discount = loyalty::Money{500};
  const char* collections[] = {"atelier-nord-label", "coffee", "beans"};
  for (int i = 0; i < 5; ++i) {
    loyalty::CartLine l;
    l.id = std::to_string(i + 1);
    l.product_id = "p" + std::to_string(i);
    l.quantity = 1 + i;
    l.unit_price = loyalty::Money(1999 * (i + 1));
    l.discount = loyalty::Money(i == 2 ? 300 : 0);
    l.collections = {collections[i % 3]};
    l.tags = {i == 4 ? "final-sale" : "new"};
    l.gift_card = i == 3;
    cart.lines.push_back(l);
  }
  loyalty::Customer c = fuzz::customer_with_history(prog);
  fuzz::check_quote(loyalty::quote(prog, c, cart, fuzz::kNow));

  const loyalty::OrderPaid paid{{"123456789012345678", cart}};
  fuzz::check_apply(prog, c, loyalty::Event{"fuzz-order", fuzz::kNow, paid});
  fuzz::check_apply(prog, c, loyalty::Event{"fuzz-tick", fuzz::kNow + 400 * loyalty::kDay, loyalty::Tick{}});

  for (const auto& r : prog.rewards) {
    loyalty::Redeem redeem{r.id, r.min_points ? r.min_points : r.points_step, 42};
    fuzz::check_apply(prog, c, loyalty::Event{"fuzz-redeem-" + r.id, fuzz::kNow, redeem});
    // The most a shopper may ask for at once (variable rewards).
    redeem.points = r.max_points ? r.max_points : r.points_step * (loyalty::Points{loyalty::kMaxAmount} / std::max(r.points_step, loyalty::Points{1}));
    fuzz::check_apply(prog, c, loyalty::Event{"fuzz-redeem-" + r.id + "-max", fuzz::kNow, redeem});
  }
  for (const auto& a : prog.actions) {
    fuzz::check_apply(prog, c, loyalty::Event{"fuzz-action-" + a.type, fuzz::kNow, loyalty::Action{a.type}});
  }

  // simulate(): a short history, every shopper redeeming. One redemption per
  // visit keeps it bounded whatever the program's costs and entry rewards.
  const auto orders = loyalty::generate_orders(7, 40, fuzz::kNow - 200 * loyalty::kDay, fuzz::kNow);
  loyalty::SimulationOptions options;
  options.redeeming_percent = 100;
  auto report = loyalty::simulate(prog, orders, options);
  fuzz::check_errors(report, "simulate");
  if (report.ok() && report.value.orders != 40) fuzz::die("simulate", "counted " + std::to_string(report.value.orders) + " of 40 orders");
  return 0;
}
