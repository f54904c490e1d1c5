// simulate() keeps one Book per customer instead of replaying the whole
// ledger for every event (issue 12, item 7). A kept book must write exactly
// what apply() writes over the stored ledger, event after event.
#include <ctime>

#include "book.h"
#include "helpers.h"
#include "loyalty/simulate.h"

using namespace loyalty;
using namespace test;

namespace {

// Orders (some delivered late), line and amount refunds, redemptions, actions,
// adjustments, memberships and ticks, over about two years.
Event random_event(Rng& r, const Program& p, int i, Seconds t, const std::vector<std::string>& orders) {
  Event e;
  e.id = "e" + std::to_string(i);
  e.at = t - (r.in(1, 10) == 1 ? r.in(0, 3 * kDay) : 0);
  const std::int64_t kind = r.in(1, 20);
  if (kind <= 9 || orders.empty()) {
    const Cart c = cart({line("a", Money(r.in(100, 30000)), r.in(1, 4)), line("b", Money(r.in(0, 9000)))}, p.currency);
    e.body = OrderPaid{{"o" + std::to_string(i), c}};
  } else if (kind <= 11) {
    Refund f;
    f.id = "f" + std::to_string(i);
    f.order_id = orders[static_cast<size_t>(r.in(0, static_cast<std::int64_t>(orders.size()) - 1))];
    if (r.in(0, 1)) f.amount = Money(r.in(0, 20000));
    else f.lines = {{"a", r.in(1, 3)}, {"a", r.in(1, 3)}};
    e.body = f;
  } else if (kind <= 14 && !p.rewards.empty()) {
    const Reward& w = p.rewards[static_cast<size_t>(r.in(0, static_cast<std::int64_t>(p.rewards.size()) - 1))];
    const Points points = w.kind == RewardKind::Variable ? std::max(w.min_points, w.points_step) * r.in(1, 3) : Points{};
    e.body = Redeem{w.id, points, static_cast<std::uint64_t>(i)};
  } else if (kind <= 16 && !p.actions.empty()) {
    e.body = Action{p.actions[static_cast<size_t>(r.in(0, static_cast<std::int64_t>(p.actions.size()) - 1))].type};
  } else if (kind == 17) {
    e.body = Adjust{Points{r.in(-300, 300)}, "x"};
  } else if (kind == 18 && !p.memberships.empty()) {
    if (r.in(0, 2)) e.body = MembershipStarted{p.memberships[0].id, t + 30 * kDay};
    else e.body = MembershipEnded{p.memberships[0].id};
  } else {
    e.body = Tick{};
  }
  return e;
}

}  // namespace

TEST_CASE("book: a kept book writes exactly what apply() writes over the stored ledger", "[book]") {
  nlohmann::json zoned = nlohmann::json::parse(read_text(std::string(LOYALTY_SOURCE_DIR) + "/examples/fashion-store.json"));
  zoned.erase("utc_offset_minutes");
  zoned["time_zone"] = "Europe/Bucharest";
  zoned["time_zone_rule"] = "EET-2EEST,M3.5.0/3,M10.5.0/4";
  std::vector<Program> programs = {example("fashion-store"), example("coffee-shop"), example("premium-membership")};
  auto z = program_from_json(core_json(zoned));
  REQUIRE(z.ok());
  programs.push_back(z.value);
  Rng r{0xC0FFEE};
  for (const Program& p : programs) {
    Customer c;
    c.profile.id = "cust";
    c.profile.birthday = CivilDate{1990, 3, 29};
    c.profile.created_at = at("2025-01-01T00:00:00Z");
    Book book(p, c.profile, {});
    std::vector<std::string> orders;
    Seconds t = at("2025-01-02T09:00:00Z");
    for (int i = 0; i < 400; ++i) {
      t += r.in(0, 4 * kDay);
      const Event e = random_event(r, p, i, t, orders);
      const Seconds now = t + r.in(0, 3600);
      auto expected = apply(p, c, e, now);
      auto kept = book.apply(e, now);
      INFO(p.shop << " event " << i << " kind " << event_kind_name(e.kind()));
      REQUIRE(kept.ok() == expected.ok());
      if (!expected.ok()) {
        CHECK(kept.error_text() == expected.error_text());
        continue;
      }
      CHECK(kept.value.duplicate == expected.value.duplicate);
      CHECK(kept.value.coupon_code == expected.value.coupon_code);
      REQUIRE(kept.value.entries.size() == expected.value.entries.size());
      for (size_t k = 0; k < expected.value.entries.size(); ++k)
        CHECK(dump(to_json(kept.value.entries[k])) == dump(to_json(expected.value.entries[k])));
      for (const auto& n : expected.value.entries) c.ledger.push_back(n);
      if (const OrderPaid* paid = e.as<OrderPaid>()) orders.push_back(paid->order.id);
    }
    CHECK(book.entries().size() == c.ledger.size());
    CHECK(dump(to_json(state_at(p, c.profile, book.entries(), t), p)) == dump(to_json(state_at(p, c, t), p)));
  }
}

TEST_CASE("simulate: one customer with 12,000 orders takes time in proportion, not its square", "[simulate]") {
  // Before the kept book each order replayed the whole ledger: 12,000 orders
  // of the fashion store (tiers kept a year, pending points, expiry) took 15 s.
  auto orders = generate_orders(7, 12000, at("2025-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"));
  for (auto& o : orders) o.customer_id = "C1";
  const std::clock_t start = std::clock();  // CPU time: the other processes on a shared machine do not count
  auto report = simulate(example("fashion-store"), orders, {});
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  REQUIRE(report.ok());
  CHECK(report.value.orders == 12000);
  CHECK(seconds < 3.0);  // about 0.3 s of CPU here (15 s before)
}
