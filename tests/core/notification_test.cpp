// notices_for(): which notifications a change to a ledger causes. The server
// stores them by key (one row per key), so "once" means "one key".
#include "helpers.h"

#include "loyalty/notification.h"

using namespace loyalty;
using namespace test;

namespace {
const Seconds T0 = 1790000000;  // 2026-09-21T14:13:20Z

// Applies `e` and returns what the write notifies, as the server computes it.
Notices applied_notices(Shopper& s, const Event& e, Seconds now = 0) {
  const std::vector<LedgerEntry> before = s.c.ledger;
  const Applied a = s.apply_ok(e, now);
  return notices_for(s.p, s.c.profile, view_of(before), a.entries, now ? now : e.at);
}

std::vector<std::string> kinds(const Notices& n) {
  std::vector<std::string> out;
  for (const auto& x : n.list) out.push_back(notification_kind_name(x.kind));
  return out;
}

const Notification* find(const Notices& n, NotificationKind k) {
  for (const auto& x : n.list)
    if (x.kind == k) return &x;
  return nullptr;
}

const nlohmann::json kRewards = nlohmann::json::parse(R"({"rewards": [{"id": "five-off", "name": "$5 off", "kind": "fixed_discount", "cost": 100, "amount": 500}]})");
}  // namespace

TEST_CASE("notifications: an order tells the points earned and, once, the reward its balance now affords", "[notification]") {
  Shopper s(program(kRewards));
  Notices a = applied_notices(s, order_event("1", cart({line("a", Money{6000})}), T0));
  CHECK(kinds(a) == std::vector<std::string>{"points_earned"});
  CHECK(a.list[0].points == 60);
  CHECK(a.list[0].order_id == "1");
  CHECK(a.list[0].balance == 60);

  Notices b = applied_notices(s, order_event("2", cart({line("a", Money{5000})}), T0 + 10));
  CHECK(kinds(b) == std::vector<std::string>{"points_earned", "reward_unlocked"});
  const Notification* u = find(b, NotificationKind::RewardUnlocked);
  CHECK(u->reward_id == "five-off");
  CHECK(u->points == 100);
  CHECK(u->balance == 110);
  // Above the cost already: no second unlock.
  CHECK(kinds(applied_notices(s, order_event("3", cart({line("a", Money{5000})}), T0 + 20))) == std::vector<std::string>{"points_earned"});

  // Spent below the cost, then passed it again: told again, under another key.
  const Event redeem{"r1", T0 + 30, Redeem{"five-off", Points{0}, 0}};
  CHECK(applied_notices(s, redeem).list.empty());
  Notices c = applied_notices(s, order_event("4", cart({line("a", Money{4000})}), T0 + 40));
  const Notification* again = find(c, NotificationKind::RewardUnlocked);
  REQUIRE(again);
  CHECK(again->key != u->key);
}

TEST_CASE("notifications: held points are told when earned and when they mature", "[notification]") {
  nlohmann::json patch = kRewards;
  patch["lifecycle"] = {{"pending_days", 14}};
  Shopper s(program(patch));
  Notices a = applied_notices(s, order_event("1", cart({line("a", Money{12000})}), T0));
  REQUIRE(kinds(a) == std::vector<std::string>{"points_earned"});
  CHECK(a.list[0].points == 120);
  CHECK(a.list[0].pending == 120);
  CHECK(a.list[0].balance == 0);
  Notices m = applied_notices(s, tick_event("tick-1", T0 + 15 * kDay));
  CHECK(kinds(m) == std::vector<std::string>{"points_matured", "reward_unlocked"});
  CHECK(m.list[0].points == 120);
  CHECK(m.list[0].order_id == "1");
  // A tick with nothing due tells nothing.
  CHECK(applied_notices(s, tick_event("tick-2", T0 + 16 * kDay)).list.empty());
}

TEST_CASE("notifications: a tier reached and a tier lost", "[notification]") {
  Shopper s(program(nlohmann::json::parse(R"({"tier_rules": {"window": "rolling_12_months"},
      "tiers": [{"id": "silver", "name": "Silver", "threshold": 500}, {"id": "gold", "name": "Gold", "threshold": 2000}]})")));
  Notices a = applied_notices(s, order_event("1", cart({line("a", Money{60000})}), T0));
  const Notification* up = find(a, NotificationKind::TierReached);
  REQUIRE(up);
  CHECK(up->tier == "silver");
  CHECK(up->previous_tier == "");
  Notices b = applied_notices(s, tick_event("tick-1", T0 + 400 * kDay));
  const Notification* down = find(b, NotificationKind::TierLost);
  REQUIRE(down);
  CHECK(down->tier == "");
  CHECK(down->previous_tier == "silver");
}

TEST_CASE("notifications: a batch of points is told once, expiry_notice_days before it expires", "[notification]") {
  Shopper s(program(nlohmann::json::parse(R"({"lifecycle": {"expiry": "after_earning", "expiry_days": 30}})")));
  s.p.lifecycle.expiry_notice_days = 7;
  Notices a = applied_notices(s, order_event("1", cart({line("a", Money{10000})}), T0));
  CHECK(find(a, NotificationKind::PointsExpiring) == nullptr);
  CHECK(a.next_at == T0 + 23 * kDay);  // the timer wakes for the notice
  applied_notices(s, order_event("2", cart({line("a", Money{5000})}), T0 + 2 * kDay));

  Notices early = applied_notices(s, tick_event("tick-0", T0 + 22 * kDay));
  CHECK(early.list.empty());
  Notices n = applied_notices(s, tick_event("tick-1", T0 + 23 * kDay));
  const Notification* first = find(n, NotificationKind::PointsExpiring);
  REQUIRE(first);
  CHECK(first->points == 100);  // the first batch only
  CHECK(first->expires_at == T0 + 30 * kDay);
  // Seen again the next day, it is the same notice (the same key: stored once).
  Notices again = applied_notices(s, tick_event("tick-2", T0 + 24 * kDay));
  REQUIRE(find(again, NotificationKind::PointsExpiring));
  CHECK(find(again, NotificationKind::PointsExpiring)->key == first->key);
  CHECK(again.list.size() == 1);
  CHECK(again.next_at == T0 + 25 * kDay);  // the second batch's notice
  // The second batch has a notice of its own, 7 days before it expires, while the first is still unexpired.
  Notices second = applied_notices(s, tick_event("tick-3", T0 + 25 * kDay));
  REQUIRE(second.list.size() == 2);
  CHECK(second.list[0].key == first->key);
  CHECK(second.list[1].points == 50);
  CHECK(second.list[1].expires_at == T0 + 32 * kDay);
  CHECK(second.list[1].key != first->key);
  // After the first batch expired, only the second is left to tell.
  Notices later = applied_notices(s, tick_event("tick-4", T0 + 31 * kDay));
  REQUIRE(find(later, NotificationKind::PointsExpiring));
  CHECK(find(later, NotificationKind::PointsExpiring)->key == second.list[1].key);
}

TEST_CASE("notifications: the referrer hears that a referral completed", "[notification]") {
  Shopper s(program(nlohmann::json::parse(R"({"referral": {"enabled": true, "referrer": {"kind": "points", "points": 100},
      "referee": {"kind": "points", "points": 50}}})")));
  ReferralCompleted f;
  f.referee_id = "friend-7";
  f.referee_order_id = "900";
  f.referee_order_eligible = Money{5000};
  const Event e{"ref-1", T0, f};
  Notices n = applied_notices(s, e);
  REQUIRE(kinds(n) == std::vector<std::string>{"referral_completed"});
  CHECK(n.list[0].referee_id == "friend-7");
  CHECK(n.list[0].points == 100);
  CHECK(n.list[0].order_id == "900");
}

TEST_CASE("notifications: the JSON names the type and the fields of its kind", "[notification]") {
  Shopper s(program(kRewards));
  Notices a = applied_notices(s, order_event("1042", cart({line("a", Money{12000})}), T0));
  CHECK(dump(to_json(a.list[0], s.p)) ==
        R"({"at":"2026-09-21T14:13:20Z","balance":120,"order_id":"1042","pending":0,"points":120,"source":"earn","type":"points_earned"})");
  CHECK(dump(to_json(a.list[1], s.p)) ==
        R"({"at":"2026-09-21T14:13:20Z","balance":120,"points":100,"reward_id":"five-off","reward_name":"$5 off","type":"reward_unlocked"})");
}
