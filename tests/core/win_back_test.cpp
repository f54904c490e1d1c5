// Win-back: a customer with no order in churn_days is offered the program's
// offer once per lapse, for its valid_days; the next order ends the lapse.
#include <set>

#include "helpers.h"

#include "loyalty/notification.h"
#include "loyalty/win_back.h"

using namespace loyalty;
using namespace test;

namespace {
const Seconds T0 = 1790000000;

Program win_back_program() {
  Program p = program(nlohmann::json::parse(R"({"churn_days": 60})"));
  p.win_back.valid_days = 14;
  p.win_back.bonus_points = Points{200};
  return p;
}

std::vector<Notification> offers(Shopper& s, Seconds now) {
  std::vector<Notification> out;
  Notices n = notices_for(s.p, s.c.profile, view_of(s.c.ledger), {}, now);
  for (const auto& x : n.list)
    if (x.kind == NotificationKind::WinBackOffer) out.push_back(x);
  return out;
}
}  // namespace

TEST_CASE("win-back: the lapse starts churn_days after the last order and the offer lasts valid_days", "[win_back]") {
  Shopper s(win_back_program());
  CHECK_FALSE(win_back_at(s.p, s.state(T0), T0 + 100 * kDay));  // never ordered: not a lapsed customer
  s.apply_ok(order_event("1", cart({line("a", Money{1000})}), T0));
  CHECK_FALSE(win_back_at(s.p, s.state(T0 + 59 * kDay), T0 + 59 * kDay));
  CHECK(next_win_back_at(s.p, s.state(T0 + 59 * kDay), T0 + 59 * kDay) == T0 + 60 * kDay);
  auto w = win_back_at(s.p, s.state(T0 + 60 * kDay), T0 + 60 * kDay);
  REQUIRE(w);
  CHECK(w->starts_at == T0 + 60 * kDay);
  // 14 days run out on 2026-12-04 (13:33 UTC, the program's zone): the offer lasts that day.
  const Seconds over = at("2026-12-05T00:00:00Z");
  CHECK(w->ends_at == over);
  CHECK(win_back_at(s.p, s.state(over - 1), over - 1));
  CHECK_FALSE(win_back_at(s.p, s.state(over), over));  // the offer is over
  // No offer in the program: churn risk alone offers nothing.
  Program plain = s.p;
  plain.win_back = {};
  CHECK_FALSE(win_back_at(plain, s.state(T0 + 61 * kDay), T0 + 61 * kDay));
}

TEST_CASE("win-back: a churned customer is offered win-back once per lapse", "[win_back]") {
  Shopper s(win_back_program());
  s.apply_ok(order_event("1", cart({line("a", Money{1000})}), T0));
  Notices before = notices_for(s.p, s.c.profile, view_of(s.c.ledger), {}, T0 + kDay);
  CHECK(before.list.empty());
  CHECK(before.next_at == T0 + 60 * kDay);  // the timer wakes when the lapse begins

  // Every daily look during the lapse sees the same offer, under one key.
  std::set<std::string> keys;
  for (int day = 60; day < 74; ++day) {
    auto o = offers(s, T0 + day * kDay);
    REQUIRE(o.size() == 1);
    keys.insert(o[0].key);
    CHECK(o[0].offer.bonus_points == 200);
    CHECK(o[0].expires_at == at("2026-12-05T00:00:00Z"));
  }
  CHECK(keys.size() == 1);
  CHECK(offers(s, T0 + 80 * kDay).empty());

  // The customer came back: a new lapse later, a new offer under a new key.
  s.apply_ok(order_event("2", cart({line("a", Money{1000})}), T0 + 90 * kDay));
  CHECK(offers(s, T0 + 100 * kDay).empty());
  auto second = offers(s, T0 + 151 * kDay);
  REQUIRE(second.size() == 1);
  CHECK(keys.count(second[0].key) == 0);
  // Each key names its lapse's last order (the server stores offers by it).
  CHECK(win_back_lapse_since(*keys.begin()) == T0);
  CHECK(win_back_lapse_since(second[0].key) == T0 + 90 * kDay);
  for (const char* other : {"expiring:5", "win_back:", "win_back:-1", "win_back:1x", "win_back:99999999999999999999"})
    CHECK_FALSE(win_back_lapse_since(other));
}

TEST_CASE("win-back: the program's offer and the expiry notice are read, every mistake named", "[win_back][program]") {
  Program p = program(nlohmann::json::parse(R"({"churn_days": 60, "win_back": {"valid_days": 14, "bonus_points": 200},
      "lifecycle": {"expiry": "after_earning", "expiry_days": 30, "expiry_notice_days": 7}})"));
  CHECK(p.win_back.valid_days == 14);
  CHECK(p.win_back.bonus_points == 200);
  CHECK(p.lifecycle.expiry_notice_days == 7);
  const auto rewards = nlohmann::json::parse(R"({"rewards": [{"id": "five-off", "name": "$5 off", "kind": "fixed_discount", "cost": 100, "amount": 500},
      {"id": "dollars", "name": "D", "kind": "variable", "points_step": 100, "amount_per_step": 100}], "churn_days": 60})");
  nlohmann::json with_reward = rewards;
  with_reward["win_back"] = {{"valid_days", 7}, {"reward_id", "five-off"}, {"reward_cost", 50}};
  Program q = program(with_reward);
  CHECK(q.win_back.reward_id == "five-off");
  CHECK(q.win_back.reward_cost == 50);

  auto errors = [&](const nlohmann::json& win_back, std::int64_t churn_days = 60) {
    nlohmann::json patch = rewards;
    patch["churn_days"] = churn_days;
    patch["win_back"] = win_back;
    return program_errors(patch);
  };
  CHECK(has_error(errors({{"bonus_points", 10}}), "/win_back/valid_days", "required"));
  CHECK(has_error(errors({{"valid_days", 0}, {"bonus_points", 10}}), "/win_back/valid_days"));
  CHECK(has_error(errors({{"valid_days", 7}}), "/win_back", "either"));
  CHECK(has_error(errors({{"valid_days", 7}, {"bonus_points", 10}, {"reward_id", "five-off"}, {"reward_cost", 5}}), "/win_back", "not both"));
  CHECK(has_error(errors({{"valid_days", 7}, {"reward_id", "five-off"}}), "/win_back/reward_cost", "required"));
  CHECK(has_error(errors({{"valid_days", 7}, {"bonus_points", 10}, {"reward_cost", 5}}), "/win_back/reward_cost", "needs reward_id"));
  CHECK(has_error(errors({{"valid_days", 7}, {"reward_id", "nope"}, {"reward_cost", 5}}), "/win_back/reward_id", "no reward"));
  CHECK(has_error(errors({{"valid_days", 7}, {"reward_id", "dollars"}, {"reward_cost", 5}}), "/win_back/reward_id", "variable"));
  CHECK(has_error(errors({{"valid_days", 7}, {"reward_id", "five-off"}, {"reward_cost", 100}}), "/win_back/reward_cost", "below"));
  CHECK(has_error(errors({{"valid_days", 7}, {"bonus_points", 10}}, 0), "/win_back", "churn_days"));
  CHECK(has_error(errors({{"valid_days", 7}, {"bonus_points", 10}, {"extra", 1}}), "/win_back/extra"));
  CHECK(has_error(program_errors(nlohmann::json::parse(R"({"lifecycle": {"expiry_notice_days": -1}})")), "/lifecycle/expiry_notice_days"));
}
