// next_check_at(): when the server's timer next looks at a customer, from a
// real ledger's next_due_at() and notices_for(), against hand-computed times.
#include "helpers.h"

#include "loyalty/next_check.h"
#include "loyalty/notification.h"

using namespace loyalty;
using namespace test;

namespace {
const Seconds T0 = 1790000000;  // 2026-09-21T14:13:20Z

// What the server stores after a write at `now` that added nothing (a tick with nothing owed).
Seconds next_check(const Shopper& s, Seconds now) {
  const Seconds due = next_due_at(s.p, s.c.profile, view_of(s.c.ledger), now);
  const Notices n = notices_for(s.p, s.c.profile, view_of(s.c.ledger), {}, now);
  return next_check_at(due, n.next_at, now);
}

// Points expire 30 days after earning, told 7 days before: a notice at T0 + 23 days, the expiry at T0 + 30.
Shopper expiring(const char* lifecycle) {
  Shopper s(program(nlohmann::json::parse(lifecycle)));
  s.p.lifecycle.expiry_notice_days = 7;
  s.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  return s;
}
}  // namespace

TEST_CASE("next check: a notice due before the next entry is the next check", "[next_check]") {
  Shopper s = expiring(R"({"lifecycle": {"expiry": "after_earning", "expiry_days": 30}})");
  const Seconds now = T0 + 22 * kDay + 12 * 3600;
  CHECK(next_due_at(s.p, s.c.profile, view_of(s.c.ledger), now) == T0 + 30 * kDay);
  CHECK(next_check(s, now) == T0 + 23 * kDay);  // before the expiry and before the day's cap (T0 + 23.5 days)
}

TEST_CASE("next check: an entry due before the notice is the next check", "[next_check]") {
  Shopper s = expiring(R"({"lifecycle": {"pending_days": 1, "expiry": "after_earning", "expiry_days": 30}})");
  CHECK(next_check(s, T0 + 12 * 3600) == T0 + kDay);  // the points mature; the cap would be T0 + 1.5 days
}

TEST_CASE("next check: at most a day ahead, whatever is due later or never", "[next_check]") {
  Shopper later = expiring(R"({"lifecycle": {"expiry": "after_earning", "expiry_days": 30}})");
  CHECK(next_check(later, T0) == T0 + kDay);  // the notice (T0 + 23 days) and the expiry are further
  Shopper never(program(nlohmann::json::parse(R"({})")));
  never.apply_ok(order_event("1", cart({line("a", Money{10000})}), T0));
  CHECK(next_due_at(never.p, never.c.profile, view_of(never.c.ledger), T0) == kNoDueTime);
  CHECK(next_check(never, T0 + 5) == T0 + 5 + kDay);
  CHECK(next_check_at(kNoDueTime, kNoDueTime, T0) == T0 + kDay);
}

TEST_CASE("next check: something already owed is due at once (the time it was owed from)", "[next_check]") {
  CHECK(next_check_at(T0 - 10, kNoDueTime, T0) == T0 - 10);
  CHECK(next_check_at(kNoDueTime, T0 - 3, T0) == T0 - 3);
}
