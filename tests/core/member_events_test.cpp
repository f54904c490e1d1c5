// Member events: double (or more) points for members of chosen tiers during a
// shop-local day, early access to a reward, and what the widget announces.
// Expected instants are hand-computed from Europe/Bucharest's rule (EET, UTC+2;
// EEST, UTC+3, from 03:00 on the last Sunday of March to 04:00 on the last
// Sunday of October): 2026-03-29 is 23 hours long there, 2026-10-25 is 25.
#include "helpers.h"

#include "loyalty/engine.h"
#include "loyalty/member_events.h"

using namespace loyalty;
using namespace test;

namespace {

nlohmann::json events_patch() {
  return nlohmann::json::parse(R"({
    "time_zone": "Europe/Bucharest", "time_zone_rule": "EET-2EEST,M3.5.0/3,M10.5.0/4",
    "tiers": [{"id": "silver", "name": "Silver", "threshold": 500},
              {"id": "gold", "name": "Gold", "threshold": 2000}],
    "rewards": [{"id": "tote", "name": "Tote bag", "kind": "fixed_discount", "cost": 100, "amount": 500}],
    "member_events": [
      {"id": "spring", "name": "Gold day", "tiers": ["gold"], "starts": "2026-03-29", "ends": "2026-03-30",
       "announce_from": "2026-03-22", "percent": 200, "early_access": ["tote"]},
      {"id": "autumn", "name": "Triple day", "tiers": ["silver", "gold"], "starts": "2026-10-25T00:00",
       "ends": "2026-10-26T00:00:00", "percent": 300}]
  })");
}

// A customer of the program at `tier_points` points (one order, a year before the events).
Shopper member(std::int64_t tier_points) {
  Shopper s(program(events_patch()));
  if (tier_points > 0) s.apply_ok(order_event("first", cart({line("a", Money(tier_points * 100))}), at("2025-06-01T12:00:00Z")));
  return s;
}

// What a 10.00 order at `when` earns, after checking the quote says the same.
Points earns_for_ten(Shopper& s, const std::string& when, const std::string& order_id = "o") {
  const Seconds t = at(when);
  const Cart c = cart({line("b", Money{1000})});
  auto q = quote(s.p, s.c, c, t);
  REQUIRE(q.ok());
  const Applied a = s.apply_ok(order_event(order_id, c, t));
  const EarnEntry* earn = nullptr;
  for (const auto& e : a.entries)
    if (const auto* made = e.as<EarnEntry>()) earn = made;
  REQUIRE(earn);
  CHECK(earn->order_points == q.value.earn.points);  // preview = award
  return earn->order_points;
}

std::string reward_reason(const Shopper& s, const std::string& when) {
  const Seconds t = at(when);
  for (const auto& o : redeem_options(s.p, s.state(t), t))
    if (o.reward_id == "tote") return o.affordable ? "ok" : o.reason;
  return "missing";
}

}  // namespace

TEST_CASE("member events: a shop-local day is 23 hours on the spring DST change and 25 in autumn", "[member_events]") {
  const Program p = program(events_patch());
  REQUIRE(p.member_events.size() == 2);
  const MemberEvent& spring = p.member_events[0];
  CHECK(spring.starts_at == at("2026-03-28T22:00:00Z"));  // 00:00 EET
  CHECK(spring.ends_at == at("2026-03-29T21:00:00Z"));    // 00:00 EEST
  CHECK(spring.ends_at - spring.starts_at == 23 * 3600);
  CHECK(spring.announce_from == at("2026-03-21T22:00:00Z"));
  const MemberEvent& autumn = p.member_events[1];
  CHECK(autumn.starts_at == at("2026-10-24T21:00:00Z"));  // 00:00 EEST
  CHECK(autumn.ends_at == at("2026-10-25T22:00:00Z"));    // 00:00 EET
  CHECK(autumn.ends_at - autumn.starts_at == 25 * 3600);
  CHECK(autumn.announce_from == autumn.starts_at);  // no announce_from: announced when it starts
}

TEST_CASE("member events: gold members earn double for exactly the 23 local hours of 29 March", "[member_events]") {
  Shopper gold = member(2000);
  REQUIRE(gold.state(at("2026-03-01T00:00:00Z")).tier.current == "gold");
  CHECK(earns_for_ten(gold, "2026-03-28T21:59:59Z", "1") == 10);  // 23:59:59 on the 28th
  CHECK(earns_for_ten(gold, "2026-03-28T22:00:00Z", "2") == 20);  // 00:00 on the 29th
  CHECK(earns_for_ten(gold, "2026-03-29T20:59:59Z", "3") == 20);  // 23:59:59 EEST
  CHECK(earns_for_ten(gold, "2026-03-29T21:00:00Z", "4") == 10);  // 00:00 on the 30th
  // The reason names the event.
  auto q = quote(gold.p, gold.c, cart({line("b", Money{1000})}), at("2026-03-29T12:00:00Z"));
  REQUIRE(q.ok());
  bool named = false;
  for (const auto& r : q.value.earn.reasons) named = named || (r.rule_name(gold.p) == "member_event:spring" && r.points == 10);
  CHECK(named);
}

TEST_CASE("member events: silver and gold earn triple for exactly the 25 local hours of 25 October", "[member_events]") {
  Shopper silver = member(500);
  REQUIRE(silver.state(at("2026-10-01T00:00:00Z")).tier.current == "silver");
  CHECK(earns_for_ten(silver, "2026-10-24T20:59:59Z", "1") == 10);  // 23:59:59 EEST on the 24th
  CHECK(earns_for_ten(silver, "2026-10-24T21:00:00Z", "2") == 30);
  CHECK(earns_for_ten(silver, "2026-10-25T21:59:59Z", "3") == 30);  // 23:59:59 EET
  CHECK(earns_for_ten(silver, "2026-10-25T22:00:00Z", "4") == 10);
  Shopper no_tier = member(100);
  CHECK(earns_for_ten(no_tier, "2026-10-25T12:00:00Z") == 10);  // below silver: not one of its tiers
}

TEST_CASE("member events: the tier at the time of the order decides, not the tier the order reaches", "[member_events]") {
  Shopper s = member(1990);  // silver, 10 points short of gold
  CHECK(earns_for_ten(s, "2026-03-29T08:00:00Z", "1") == 10);  // silver when paying: no gold day
  REQUIRE(s.state(at("2026-03-29T08:00:01Z")).tier.current == "gold");
  CHECK(earns_for_ten(s, "2026-03-29T09:00:00Z", "2") == 20);  // gold now
}

TEST_CASE("member events: compete with campaigns for the campaign step, the highest applies", "[member_events]") {
  nlohmann::json patch = events_patch();
  patch["campaigns"] = nlohmann::json::parse(R"([{"id": "spring-sale", "starts_at": "2026-03-01T00:00:00Z",
                                                  "ends_at": "2026-04-01T00:00:00Z", "percent": 150}])");
  Shopper gold(program(patch));
  gold.apply_ok(order_event("first", cart({line("a", Money{200000})}), at("2025-06-01T12:00:00Z")));
  CHECK(earns_for_ten(gold, "2026-03-29T12:00:00Z", "1") == 20);  // 200% beats 150%, no stacking
  CHECK(earns_for_ten(gold, "2026-03-30T12:00:00Z", "2") == 15);  // the event is over, the campaign runs
  Shopper silver(program(patch));
  silver.apply_ok(order_event("first", cart({line("a", Money{50000})}), at("2025-06-01T12:00:00Z")));
  CHECK(earns_for_ten(silver, "2026-03-29T12:00:00Z", "1") == 15);
}

TEST_CASE("member events: early access lets the event's tiers redeem a reward before anyone else", "[member_events]") {
  Shopper gold = member(2000);
  Shopper silver = member(500);
  CHECK(reward_reason(gold, "2026-03-28T21:59:59Z") == "early_access");  // before the event: nobody
  CHECK(reward_reason(silver, "2026-03-28T21:59:59Z") == "early_access");
  CHECK(reward_reason(gold, "2026-03-28T22:00:00Z") == "ok");  // during: gold only
  CHECK(reward_reason(silver, "2026-03-29T20:59:59Z") == "early_access");
  CHECK(reward_reason(silver, "2026-03-29T21:00:00Z") == "ok");  // after: everyone
  // The quote and the redemption itself agree.
  auto q = quote(silver.p, silver.c, cart({line("b", Money{1000})}), at("2026-03-29T12:00:00Z"));
  REQUIRE(q.ok());
  CHECK(q.value.rewards[0].reason == "early_access");
  const Errors e = silver.apply_fails(Event{"w1", at("2026-03-29T12:00:00Z"), Redeem{"tote", Points{0}, 0}});
  CHECK(has_error(e, "/reward_id", "early access"));
  gold.apply_ok(Event{"w1", at("2026-03-29T12:00:00Z"), Redeem{"tote", Points{0}, 0}});
  silver.apply_ok(Event{"w2", at("2026-03-29T21:00:00Z"), Redeem{"tote", Points{0}, 0}});
}

TEST_CASE("member events: announced to the event's tiers from announce_from until the event ends", "[member_events]") {
  Shopper gold = member(2000);
  Shopper silver = member(500);
  auto ids = [](const Shopper& s, const std::string& when) {
    std::string out;
    for (const MemberEvent* e : member_events_for(s.p, s.state(at(when)), at(when))) out += e->id + " ";
    return out;
  };
  CHECK(ids(gold, "2026-03-21T21:59:59Z") == "");  // 23:59:59 on 21 March
  CHECK(ids(gold, "2026-03-21T22:00:00Z") == "spring ");
  CHECK(ids(silver, "2026-03-25T12:00:00Z") == "");  // not for silver
  CHECK(ids(gold, "2026-03-29T20:59:59Z") == "spring ");
  CHECK(ids(gold, "2026-03-29T21:00:00Z") == "");
  CHECK(ids(silver, "2026-10-24T20:59:59Z") == "");  // no announce_from: from its start
  CHECK(ids(silver, "2026-10-24T21:00:00Z") == "autumn ");

  const Seconds t = at("2026-03-25T12:00:00Z");
  const loyalty::json j = member_events_json(gold.p, member_events_for(gold.p, gold.state(t), t), t);
  CHECK(dump(j) ==
        R"([{"current":false,"early_access":[{"id":"tote","name":"Tote bag"}],"ends":"2026-03-30T00:00:00","ends_at":"2026-03-29T21:00:00Z",)"
        R"("id":"spring","name":"Gold day","percent":200,"starts":"2026-03-29T00:00:00","starts_at":"2026-03-28T22:00:00Z"}])");
  const Seconds during = at("2026-03-29T00:00:00Z");
  CHECK(dump(member_events_json(gold.p, member_events_for(gold.p, gold.state(during), during), during)).find(R"("current":true)") !=
        std::string::npos);
}

TEST_CASE("member events: a start inside the spring-forward gap begins when the clocks jump", "[member_events]") {
  nlohmann::json patch = events_patch();
  patch["member_events"][0]["starts"] = "2026-03-29T03:30";  // 03:00-04:00 does not exist that night
  const Program p = program(patch);
  CHECK(p.member_events[0].starts_at == at("2026-03-29T01:00:00Z"));
}

TEST_CASE("member events: the program's errors name the field", "[member_events]") {
  auto broken = [](const char* edit) {
    nlohmann::json patch = events_patch();
    patch["member_events"][0].merge_patch(nlohmann::json::parse(edit));
    return program_errors(patch);
  };
  CHECK(has_error(broken(R"({"tiers": ["platinum"]})"), "/member_events/0/tiers/0", "no tier 'platinum'"));
  CHECK(has_error(broken(R"({"tiers": []})"), "/member_events/0/tiers", "at least one tier"));
  CHECK(has_error(broken(R"({"tiers": null})"), "/member_events/0/tiers"));
  CHECK(has_error(broken(R"({"ends": "2026-03-29"})"), "/member_events/0/ends", "after"));
  CHECK(has_error(broken(R"({"starts": "2026-03-29T00:00:00+02:00"})"), "/member_events/0/starts", "without an offset"));
  CHECK(has_error(broken(R"({"starts": "2026-03-29T00:00:00Z"})"), "/member_events/0/starts", "without an offset"));
  CHECK(has_error(broken(R"({"starts": "2026-02-30"})"), "/member_events/0/starts"));
  CHECK(has_error(broken(R"({"starts": "2026-03-29 10:00"})"), "/member_events/0/starts"));
  CHECK(has_error(broken(R"({"announce_from": "2026-03-29T00:00:01"})"), "/member_events/0/announce_from", "must not be after"));
  CHECK(has_error(broken(R"({"early_access": ["nope"]})"), "/member_events/0/early_access/0", "no reward 'nope'"));
  CHECK(has_error(broken(R"({"percent": 100, "early_access": []})"), "/member_events/0", "does nothing"));
  CHECK(has_error(broken(R"({"percent": 10001})"), "/member_events/0/percent"));
  CHECK(has_error(broken(R"({"colour": "gold"})"), "/member_events/0/colour"));
  CHECK(has_error(broken(R"({"id": "autumn"})"), "/member_events/1/id", "duplicates"));
}

TEST_CASE("member events: written back shop-local and read back the same", "[member_events]") {
  const Program p = program(events_patch());
  loyalty::json j = to_json(p);
  CHECK(dump(j["member_events"][1]) ==
        R"({"announce_from":"2026-10-25T00:00:00","early_access":[],"ends":"2026-10-26T00:00:00","id":"autumn",)"
        R"("name":"Triple day","percent":300,"starts":"2026-10-25T00:00:00","tiers":["silver","gold"]})");
  auto back = program_from_json(j);
  REQUIRE(back.ok());
  CHECK(back.value == p);
  CHECK(back.value.member_events[1].ends_at == p.member_events[1].ends_at);
  Program other = p;
  other.member_events[0].percent = 201;
  CHECK_FALSE(other == p);
}
