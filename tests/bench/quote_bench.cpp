// Google Benchmark for the engine's hot paths: quote on a 100-line cart under
// a program with 10 earning rules (base earn with exclusions, 3 product
// multipliers, 2 live campaigns, 3 tiers, a paid membership) for a customer
// with a modest ledger (~20 orders and their follow-ups); the same from JSON
// text; and apply of an order.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "loyalty/engine.h"
#include "loyalty/json_io.h"
#include "loyalty/state.h"

namespace {

using namespace loyalty;

const char* const kProgram = R"JSON({
  "shop": "bench-shop", "name": "Bench Rewards", "version": 7, "currency": "EUR", "utc_offset_minutes": 60,
  "earn": { "points": 1, "per_amount": 100, "rounding": "floor",
            "basis": { "after_discounts": true, "exclude_tax": true, "exclude_shipping": true, "exclude_gift_cards": true,
                       "excluded": { "tags": ["final-sale"] } } },
  "multipliers": [
    { "id": "house", "applies_to": { "collections": ["house"] }, "percent": 200 },
    { "id": "margin", "applies_to": { "tags": ["high-margin"] }, "percent": 150 },
    { "id": "hero", "applies_to": { "products": ["p7", "p17", "p27"] }, "percent": 300 }
  ],
  "campaigns": [
    { "id": "double-month", "starts_at": "2026-11-01T00:00:00+01:00", "ends_at": "2026-12-01T00:00:00+01:00", "percent": 200 },
    { "id": "saturday", "starts_at": "2026-01-01T00:00:00+01:00", "ends_at": "2027-01-01T00:00:00+01:00",
      "weekdays": [5], "bonus_points": 50, "min_spend": 5000, "applies_to": { "collections": ["shoes"] } }
  ],
  "actions": [ { "type": "review", "points": 50, "limits": { "per_day": 1 } } ],
  "rewards": [
    { "id": "five-off", "name": "5 off", "kind": "fixed_discount", "cost": 250, "amount": 500 },
    { "id": "ship", "name": "Free shipping", "kind": "free_shipping", "cost": 200 },
    { "id": "pct", "name": "10%", "kind": "percent_discount", "cost": 1000, "percent": 10, "max_amount": 5000 },
    { "id": "var", "name": "100 = 1", "kind": "variable", "points_step": 100, "amount_per_step": 100, "min_points": 100 }
  ],
  "tier_rules": { "basis": "amount_spent", "window": "rolling_12_months" },
  "tiers": [
    { "id": "silver", "name": "Silver", "threshold": 30000, "multiplier_percent": 125, "entry_reward": 100 },
    { "id": "gold", "name": "Gold", "threshold": 100000, "multiplier_percent": 150, "entry_reward": 300 },
    { "id": "platinum", "name": "Platinum", "threshold": 250000, "multiplier_percent": 200, "entry_reward": 1000 }
  ],
  "memberships": [ { "id": "plus", "name": "Plus", "fee": 999, "multiplier_percent": 150 } ],
  "lifecycle": { "pending_days": 14, "expiry": "after_earning", "expiry_days": 365 },
  "free_shipping_threshold": 7500
})JSON";

constexpr Seconds kNow = 1795867200;  // 2026-11-28T12:00:00Z, a Saturday in the double-points month

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench setup failed: %s\n", what.c_str());
  std::exit(1);
}

Program program() {
  auto p = parse_program(kProgram);
  if (!p.ok()) die(p.error_text());
  return p.value;
}

Cart cart_of(int lines, const std::string& currency) {
  Cart c;
  c.currency = currency;
  const char* collections[] = {"house", "shoes", "tops", "bags"};
  const char* tags[] = {"high-margin", "new", "final-sale", "basic", "eco"};
  for (int i = 0; i < lines; ++i) {
    CartLine l;
    l.id = std::to_string(i + 1);
    l.product_id = "p" + std::to_string(i);
    l.variant_id = "v" + std::to_string(i);
    l.quantity = 1 + i % 3;
    l.unit_price = Money(995 + 137 * i);
    l.discount = Money(i % 10 == 0 ? 200 : 0);
    l.collections = {collections[i % 4]};
    l.tags = {tags[i % 5], "all"};
    l.gift_card = i == 99;
    c.lines.push_back(l);
  }
  c.order_discount = Money{1500};
  c.shipping = Money{495};
  c.tax = Money{4000};
  return c;
}

// ~20 orders over the past year, a review, a redemption, a membership, and
// what time made of them (matured points, tier changes).
Customer customer(const Program& p) {
  Customer c;
  c.profile.id = "bench-customer";
  c.profile.email = "bench@example.com";
  c.profile.created_at = kNow - 400 * kDay;
  auto add = [&](const Event& e) {
    auto a = apply(p, c, e, e.at);
    if (!a.ok()) die(a.error_text());
    c.ledger.insert(c.ledger.end(), a.value.entries.begin(), a.value.entries.end());
  };
  for (int k = 0; k < 20; ++k) {
    add(Event{"order-" + std::to_string(k), kNow - (360 - 17 * k) * kDay,
              OrderPaid{{std::to_string(5000000000000 + k), cart_of(3, p.currency)}}});
  }
  add(Event{"review-1", kNow - 30 * kDay, Action{"review"}});
  add(Event{"redeem-1", kNow - 20 * kDay, Redeem{"five-off", Points{0}, 11}});
  add(Event{"plus-1", kNow - 10 * kDay, MembershipStarted{"plus", kNow + 20 * kDay}});
  add(Event{"tick-1", kNow - kDay, Tick{}});
  return c;
}

std::string customer_json(const Customer& c) {
  json j = {{"id", c.profile.id}, {"email", c.profile.email}, {"created_at", format_iso8601(c.profile.created_at)}};
  json ledger = json::array();
  for (const auto& e : c.ledger) ledger.push_back(to_json(e));
  j["ledger"] = ledger;
  return dump(j);
}

std::string cart_json(const Cart& cart) {
  json lines = json::array();
  for (const auto& l : cart.lines)
    lines.push_back({{"id", l.id}, {"product_id", l.product_id}, {"variant_id", l.variant_id}, {"quantity", l.quantity},
                     {"unit_price", l.unit_price}, {"discount", l.discount}, {"collections", l.collections},
                     {"tags", l.tags}, {"gift_card", l.gift_card}});
  return dump({{"currency", cart.currency}, {"lines", lines}, {"order_discount", cart.order_discount},
               {"shipping", cart.shipping}, {"tax", cart.tax}});
}

struct Fixture {
  Program p = program();
  Customer c = customer(p);
  Cart cart = cart_of(100, p.currency);
  std::string program_text = kProgram;
  std::string customer_text = customer_json(c);
  std::string cart_text = cart_json(cart);
  Fixture() {
    auto q = quote(p, c, cart, kNow);
    if (!q.ok()) die(q.error_text());
    if (q.value.earn.reasons.size() < 100) die("the cart should earn on most lines under several rules");
  }
};

const Fixture& fx() {
  static const Fixture f;
  return f;
}

// The preview as the server computes it: derive the state from the ledger, then quote.
void BM_Quote(benchmark::State& state) {
  const Fixture& f = fx();
  for (auto _ : state) {
    auto q = quote(f.p, f.c, f.cart, kNow);
    benchmark::DoNotOptimize(q);
  }
  state.counters["ledger_entries"] = static_cast<double>(f.c.ledger.size());
  state.counters["cart_lines"] = static_cast<double>(f.cart.lines.size());
}
BENCHMARK(BM_Quote);

// The widget's path: the state comes from the server, only the cart is quoted.
void BM_QuoteFromState(benchmark::State& state) {
  const Fixture& f = fx();
  const CustomerState s = state_at(f.p, f.c, kNow);
  for (auto _ : state) {
    auto q = quote(f.p, s, f.cart, kNow);
    benchmark::DoNotOptimize(q);
  }
}
BENCHMARK(BM_QuoteFromState);

// Deriving the state alone (replay of the ledger).
void BM_StateAt(benchmark::State& state) {
  const Fixture& f = fx();
  for (auto _ : state) {
    auto s = state_at(f.p, f.c, kNow);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_StateAt);

// Everything from JSON text, as `loyalty quote` and the wasm binding do.
void BM_ParseAndQuote(benchmark::State& state) {
  const Fixture& f = fx();
  for (auto _ : state) {
    auto p = parse_program(f.program_text);
    auto c = parse_customer(f.customer_text);
    auto cart = parse_cart(f.cart_text);
    if (!p.ok() || !c.ok() || !cart.ok()) {
      state.SkipWithError("parse failed");
      break;
    }
    auto q = quote(p.value, c.value, cart.value, kNow);
    benchmark::DoNotOptimize(q);
  }
  state.counters["json_bytes"] =
      static_cast<double>(f.program_text.size() + f.customer_text.size() + f.cart_text.size());
}
BENCHMARK(BM_ParseAndQuote);

void BM_ParseProgram(benchmark::State& state) {
  const Fixture& f = fx();
  for (auto _ : state) {
    auto p = parse_program(f.program_text);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_ParseProgram);

// The award: apply of an order paid event (the 100-line cart) to the customer.
void BM_ApplyOrder(benchmark::State& state) {
  const Fixture& f = fx();
  const Event e{"bench-order", kNow, OrderPaid{{"123456789012345678", f.cart}}};
  for (auto _ : state) {
    auto a = apply(f.p, f.c, e, kNow);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_ApplyOrder);

}  // namespace

BENCHMARK_MAIN();
