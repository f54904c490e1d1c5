// libFuzzer target: event JSON, customer JSON, profile patches and ledger
// JSONL. An event that parses is applied (twice: the second must add nothing
// new) under a fixed program; a patch that parses is applied to the fixed
// customer, whose profile must then read back as it is saved; a ledger that
// parses becomes a customer's history and is quoted.
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "loyalty/profile_patch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const loyalty::Program& prog = fuzz::program(size);
  const loyalty::Customer base = fuzz::customer_with_history(prog);

  auto event = loyalty::parse_event(text);
  fuzz::check_errors(event, "parse_event");
  if (event.ok()) fuzz::check_apply(prog, base, event.value);

  if (auto j = loyalty::parse_json(text, "patch"); j.ok()) {
    auto patch = loyalty::profile_patch_from_json(j.value, "/profile");
    fuzz::check_errors(patch, "profile_patch_from_json");
    if (patch.ok()) {
      if (!loyalty::profile_patch_errors(patch.value).empty()) fuzz::die("profile_patch_errors", "refuses a patch the reader read");
      const loyalty::CustomerProfile p = loyalty::apply_patch(base.profile, patch.value);
      const std::string saved = loyalty::dump(loyalty::to_json(p));
      auto back = loyalty::profile_from_json(loyalty::to_json(p));
      if (!back.ok() || loyalty::dump(loyalty::to_json(back.value)) != saved) fuzz::die("patched profile read back", saved);
    }
  }

  loyalty::Cart cart;
  cart.currency = prog.currency;
  loyalty::CartLine l;
  l.id = "1";
  l.product_id = "p1";
  l.quantity = 3;
  l.unit_price = loyalty::Money{2500};
  cart.lines.push_back(l);

  auto customer = loyalty::parse_customer(text);
  fuzz::check_errors(customer, "parse_customer");
  if (customer.ok()) fuzz::check_quote(loyalty::quote(prog, customer.value, cart, fuzz::kNow));

  auto ledger = loyalty::parse_ledger_jsonl(text);
  fuzz::check_errors(ledger, "parse_ledger_jsonl");
  if (ledger.ok()) {
    loyalty::Customer c = base;
    c.ledger.insert(c.ledger.end(), ledger.value.begin(), ledger.value.end());
    fuzz::check_quote(loyalty::quote(prog, c, cart, fuzz::kNow));
    (void)loyalty::state_at(prog, c, fuzz::kNow + 800 * loyalty::kDay);
    loyalty::Refund refund;
    refund.id = "r1";
    const auto* earn = c.ledger.empty() ? nullptr : c.ledger.back().as<loyalty::EarnEntry>();
    refund.order_id = c.ledger.empty() ? "1000" : earn ? earn->order_id : "";
    refund.amount = loyalty::Money{1000};
    fuzz::check_apply(prog, c, loyalty::Event{"fuzz-refund", fuzz::kNow, refund});
    fuzz::check_apply(prog, c, loyalty::Event{"fuzz-tick", fuzz::kNow, loyalty::Tick{}});
  }
  return 0;
}
