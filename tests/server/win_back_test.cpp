// Win-back through the server: a lapsed customer's offer is in /me, applied to
// the order a signed webhook brings (bonus) or to a redemption (lower cost),
// once per lapse, and counted in the merchant's analytics.
#include <catch2/catch.hpp>

#include <functional>

#include "harness.h"

using test::json;

namespace {

constexpr std::int64_t kDay = 86400;
// The shopper's signature must outlast the servers below, whose clocks run up to 122 days ahead.
constexpr std::int64_t kSignedFor = 200 * kDay;

json me(httplib::Client& c, const test::Shop& s, const std::string& customer) {
  auto r = c.Get(("/api/v1/shops/" + s.id + "/me").c_str(), test::shopper_headers(s, customer, kSignedFor));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

json analytics(httplib::Client& c, const test::Shop& s) {
  auto r = c.Get(("/api/v1/admin/shops/" + s.id + "/analytics").c_str(), test::admin_headers(s));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

json order_at(const std::string& customer, const std::string& order, std::int64_t amount, std::int64_t at) {
  json e = test::order_event(customer, order, amount);
  e["at"] = at;
  return e;
}

json earn_of(const std::vector<json>& ledger, const std::string& order) {
  for (const auto& e : ledger)
    if (e["type"] == "earn" && e["order_id"] == order) return e;
  FAIL("no earn entry for " << order);
  return {};
}

// A server whose clock is `days` ahead, for the length of `fn`.
void at_day(const std::string& db, int days, const std::function<void(httplib::Client&)>& fn) {
  test::Server srv(db, {"--clock-offset", std::to_string(days * kDay)});
  auto c = srv.client();
  fn(c);
  srv.terminate();
}

std::string iso(std::int64_t t) {
  char buf[32];
  const time_t tt = static_cast<time_t>(t);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
  return buf;
}

}  // namespace

TEST_CASE("win-back: the order a webhook brings within the offer earns its bonus once, /me shows it, analytics count it",
          "[win_back]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "winback-bonus");
  const std::int64_t t0 = test::now();
  at_day(db, 0, [&](httplib::Client& c) {
    json program = test::fixture_program();
    program["churn_days"] = 60;
    program["win_back"] = {{"valid_days", 14}, {"bonus_points", 200}};
    REQUIRE(test::put_program(c, shop, program)->status == 200);
    REQUIRE(test::post_event(c, shop, order_at("wes", "W-1", 1000, t0))->status == 200);
    CHECK(me(c, shop, "wes")["state"].count("win_back") == 0);  // not lapsed
  });
  at_day(db, 61, [&](httplib::Client& c) {
    // The offer began on day 60 and lasts to the end of the (UTC) day 14 days later.
    const json offer = me(c, shop, "wes")["state"]["win_back"];
    CHECK(offer["kind"] == "bonus_points");
    CHECK(offer["bonus_points"] == 200);
    CHECK(offer["starts_at"] == iso(t0 + 60 * kDay));
    CHECK(offer["expires_at"] == iso(((t0 + 74 * kDay - 1) / kDay + 1) * kDay));
    REQUIRE(c.Post(("/api/v1/admin/shops/" + shop.id + "/tick").c_str(), test::admin_headers(shop), "", "application/json")->status == 200);
    // 25.00 earns 25, and the offer 200 more; the next order, the same day, only its own 10.
    REQUIRE(test::post_event(c, shop, order_at("wes", "W-2", 2500, t0 + 61 * kDay - 120))->status == 200);
    REQUIRE(test::post_event(c, shop, order_at("wes", "W-3", 1000, t0 + 61 * kDay - 60))->status == 200);
    const auto ledger = test::ledger(c, shop, "wes");
    CHECK(earn_of(ledger, "W-2")["points"] == 225);
    CHECK(earn_of(ledger, "W-2")["ref"] == "win_back:" + std::to_string(t0));
    CHECK(earn_of(ledger, "W-3")["points"] == 10);
    CHECK(me(c, shop, "wes")["state"].count("win_back") == 0);
    // A customer who never lapsed counts nowhere.
    REQUIRE(test::post_event(c, shop, order_at("ann", "A-1", 9900, t0 + 61 * kDay - 60))->status == 200);
    const json wb = analytics(c, shop)["win_back"];
    CHECK(wb["offered"] == 1);
    CHECK(wb["came_back"] == 1);
    CHECK(wb["spent"] == 2500);
  });
  // Orders are dated in the past of the server's clock (a future "at" is taken as
  // now). Lapsed again 60 days after W-3, never back: wes offered twice, came back
  // once; ann, lapsed now, offered once.
  at_day(db, 122, [&](httplib::Client& c) {
    REQUIRE(c.Post(("/api/v1/admin/shops/" + shop.id + "/tick").c_str(), test::admin_headers(shop), "", "application/json")->status == 200);
    CHECK(me(c, shop, "wes")["state"]["win_back"]["starts_at"] == iso(t0 + 121 * kDay - 60));
    const json wb = analytics(c, shop)["win_back"];
    CHECK(wb["offered"] == 3);
    CHECK(wb["came_back"] == 1);
    CHECK(wb["spent"] == 2500);
  });
}

TEST_CASE("win-back: a reward at a lower cost is redeemed through /me once per lapse", "[win_back]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "winback-reward");
  const std::int64_t t0 = test::now();
  at_day(db, 0, [&](httplib::Client& c) {
    json program = test::fixture_program();
    program["churn_days"] = 30;
    program["win_back"] = {{"valid_days", 7}, {"reward_id", "five-off"}, {"reward_cost", 40}};
    REQUIRE(test::put_program(c, shop, program)->status == 200);
    REQUIRE(test::post_event(c, shop, order_at("rae", "R-1", 20000, t0))->status == 200);  // 200 points
  });
  at_day(db, 31, [&](httplib::Client& c) {
    const json m = me(c, shop, "rae");
    CHECK(m["state"]["win_back"]["kind"] == "reward");
    CHECK(m["state"]["win_back"]["reward_cost"] == 40);
    for (const auto& r : m["rewards"])
      if (r["id"] == "five-off") CHECK(r["points"] == 40);
    const std::int64_t before = test::balance(c, shop, "rae");
    auto first = test::redeem(c, shop, "rae", "k1", R"({"reward_id":"five-off"})", kSignedFor);
    REQUIRE(first);
    REQUIRE(first->status == 201);
    CHECK(json::parse(first->body)["points"] == 40);
    CHECK(test::balance(c, shop, "rae") == before - 40);
    // Used: the offer is gone from /me and the next redemption costs the full 100 again.
    CHECK(me(c, shop, "rae")["state"].count("win_back") == 0);
    auto second = test::redeem(c, shop, "rae", "k2", R"({"reward_id":"five-off"})", kSignedFor);
    REQUIRE(second);
    REQUIRE(second->status == 201);
    CHECK(json::parse(second->body)["points"] == 100);
    CHECK(test::balance(c, shop, "rae") == before - 140);
    CHECK(analytics(c, shop)["win_back"]["offered"] == 1);
    CHECK(analytics(c, shop)["win_back"]["came_back"] == 0);
  });
}

namespace {

void tick(httplib::Client& c, const test::Shop& s) {
  auto r = c.Post(("/api/v1/admin/shops/" + s.id + "/tick").c_str(), test::admin_headers(s), "", "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
}

json bonus_program(std::int64_t churn_days) {
  json program = test::fixture_program();
  program["churn_days"] = churn_days;
  program["win_back"] = {{"valid_days", 14}, {"bonus_points", 200}};
  return program;
}

}  // namespace

// "offered" counts the offers the server made (stored once per lapse when the
// core's win_back_offer notice is produced), not lapses inferred from today's program.
TEST_CASE("win-back: a lapse is offered once however many ticks see it, with or without receivers; the next lapse again",
          "[win_back]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "winback-once");  // registers no receivers: the outbox stays empty
  const std::int64_t t0 = test::now();
  at_day(db, 0, [&](httplib::Client& c) {
    REQUIRE(test::put_program(c, shop, bonus_program(60))->status == 200);
    REQUIRE(test::post_event(c, shop, order_at("liv", "L-1", 1000, t0))->status == 200);
    tick(c, shop);
    CHECK(analytics(c, shop)["win_back"]["offered"] == 0);
  });
  at_day(db, 61, [&](httplib::Client& c) {
    for (int i = 0; i < 3; ++i) tick(c, shop);
    CHECK(analytics(c, shop)["win_back"]["offered"] == 1);
  });
  at_day(db, 62, [&](httplib::Client& c) {
    tick(c, shop);  // another server, a day later: the same lapse
    CHECK(analytics(c, shop)["win_back"]["offered"] == 1);
    CHECK(analytics(c, shop)["win_back"]["came_back"] == 0);
    REQUIRE(test::post_event(c, shop, order_at("liv", "L-2", 3000, t0 + 62 * kDay - 60))->status == 200);
    tick(c, shop);
    const json wb = analytics(c, shop)["win_back"];
    CHECK(wb["offered"] == 1);
    CHECK(wb["came_back"] == 1);
    CHECK(wb["spent"] == 3000);
  });
  at_day(db, 125, [&](httplib::Client& c) {  // 63 days after L-2: the second lapse
    tick(c, shop);
    tick(c, shop);
    const json wb = analytics(c, shop)["win_back"];
    CHECK(wb["offered"] == 2);
    CHECK(wb["came_back"] == 1);
    CHECK(wb["spent"] == 3000);
    CHECK(wb["return_rate"] == 0.5);
  });
  at_day(db, 200, [&](httplib::Client& c) {  // back long after the second offer ran out: not within it
    REQUIRE(test::post_event(c, shop, order_at("liv", "L-3", 5000, t0 + 200 * kDay - 60))->status == 200);
    const json wb = analytics(c, shop)["win_back"];
    CHECK(wb["offered"] == 2);
    CHECK(wb["came_back"] == 1);
    CHECK(wb["spent"] == 3000);
  });
}

TEST_CASE("win-back: changing churn_days later rewrites no past offer, nor who came back", "[win_back]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "winback-history");
  const std::int64_t t0 = test::now();
  at_day(db, 0, [&](httplib::Client& c) {
    REQUIRE(test::put_program(c, shop, bonus_program(60))->status == 200);
    REQUIRE(test::post_event(c, shop, order_at("max", "M-1", 1000, t0))->status == 200);
    REQUIRE(test::post_event(c, shop, order_at("kim", "K-1", 1000, t0))->status == 200);
  });
  at_day(db, 30, [&](httplib::Client& c) {  // kim orders again after 30 days: no lapse under 60
    REQUIRE(test::post_event(c, shop, order_at("kim", "K-2", 1000, t0 + 30 * kDay - 60))->status == 200);
  });
  at_day(db, 61, [&](httplib::Client& c) {  // max lapsed (day 60) and comes back with 40.00
    tick(c, shop);
    REQUIRE(test::post_event(c, shop, order_at("max", "M-2", 4000, t0 + 61 * kDay - 60))->status == 200);
    const json wb = analytics(c, shop)["win_back"];
    CHECK(wb["offered"] == 1);
    CHECK(wb["came_back"] == 1);
    CHECK(wb["spent"] == 4000);
  });
  at_day(db, 62, [&](httplib::Client& c) {
    for (std::int64_t churn_days : {200, 20}) {
      // 200: max's 61 days were no lapse by that rule; 20: kim's 30 days would be one, and so
      // would her 32 days since K-2. Neither was offered; max was, and came back.
      REQUIRE(test::put_program(c, shop, bonus_program(churn_days))->status == 200);
      const json wb = analytics(c, shop)["win_back"];
      CHECK(wb["offered"] == 1);
      CHECK(wb["came_back"] == 1);
      CHECK(wb["spent"] == 4000);
    }
  });
}
