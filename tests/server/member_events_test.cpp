// Member events over HTTP: the merchant schedules one by storing the program,
// and /me announces to each customer what the core decides for their tier.
#include <catch2/catch.hpp>

#include <thread>

#include "harness.h"
#include "loyalty/time.h"

using test::json;

namespace {

// The shop-local date `days` from now in Bucharest, as a member event's time.
std::string bucharest_day(int days) {
  std::string why;
  const auto zone = loyalty::parse_tz_rule("EET-2EEST,M3.5.0/3,M10.5.0/4", &why);
  REQUIRE(zone);
  return loyalty::format_date(loyalty::local_date(test::now() + days * loyalty::kDay, *zone));
}

std::vector<std::string> announced(httplib::Client& c, const test::Shop& shop, const std::string& customer, json* me = nullptr) {
  auto r = c.Get(("/api/v1/shops/" + shop.id + "/me").c_str(), test::shopper_headers(shop, customer));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const json body = json::parse(r->body);
  if (me) *me = body;
  std::vector<std::string> ids;
  for (const auto& e : body.at("member_events")) ids.push_back(e.at("id").get<std::string>() + (e.at("current").get<bool>() ? "*" : ""));
  return ids;
}

}  // namespace

TEST_CASE("member events: the merchant schedules one with the program; /me announces it to the chosen tiers", "[merchant][member_events]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "events");
  test::Server srv(db);
  auto c = srv.client();
  for (const auto& [customer, dollars] : {std::pair<std::string, int>{"gold-ann", 2000}, {"silver-bob", 600}, {"new-cy", 10}}) {
    auto r = test::post_event(c, shop, test::order_event(customer, "first-" + customer, dollars * 100));
    REQUIRE(r);
    REQUIRE(r->status == 200);
  }

  auto prog = test::fixture_program();
  prog["time_zone"] = "Europe/Bucharest";
  prog["member_events"] = json::array(
      {{{"id", "gold-day"}, {"name", "Gold <b>day</b>"}, {"tiers", {"gold"}}, {"starts", bucharest_day(2)},
        {"ends", bucharest_day(3)}, {"announce_from", bucharest_day(-1)}, {"percent", 200}, {"early_access", {"five-off"}}},
       {{"id", "members-week"}, {"tiers", {"silver", "gold"}}, {"starts", bucharest_day(-1)}, {"ends", bucharest_day(2)}, {"percent", 300}}});
  auto put = test::put_program(c, shop, prog);
  REQUIRE(put);
  REQUIRE(put->status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the program cache's second

  json me;
  CHECK(announced(c, shop, "gold-ann", &me) == std::vector<std::string>{"members-week*", "gold-day"});
  const json& gold_day = me["member_events"][1];
  CHECK(gold_day["name"] == "Gold <b>day</b>");  // as written: the widget escapes
  CHECK(gold_day["starts"] == bucharest_day(2) + "T00:00:00");
  CHECK(gold_day["percent"] == 200);
  CHECK(gold_day["early_access"] == json::array({{{"id", "five-off"}, {"name", "$5 off"}}}));
  // Early access until gold day: nobody may redeem five-off yet.
  for (const auto& r : me["rewards"])
    if (r["id"] == "five-off") CHECK(r["reason"] == "early_access");
  CHECK(announced(c, shop, "silver-bob") == std::vector<std::string>{"members-week*"});
  CHECK(announced(c, shop, "new-cy").empty());

  // The week's triple points are awarded to silver, not to a customer without a tier.
  const std::int64_t before_bob = test::balance(c, shop, "silver-bob"), before_cy = test::balance(c, shop, "new-cy");
  REQUIRE(test::post_event(c, shop, test::order_event("silver-bob", "week-bob", 1000))->status == 200);
  REQUIRE(test::post_event(c, shop, test::order_event("new-cy", "week-cy", 1000))->status == 200);
  CHECK(test::balance(c, shop, "silver-bob") - before_bob == 30);
  CHECK(test::balance(c, shop, "new-cy") - before_cy == 10);

  // A broken event is refused with its field named, and the stored program stays.
  prog["member_events"][0]["tiers"] = {"platinum"};
  auto bad = test::put_program(c, shop, prog);
  REQUIRE(bad);
  CHECK(bad->status == 422);
  CHECK(bad->body.find("/member_events/0/tiers/0") != std::string::npos);
  CHECK(announced(c, shop, "silver-bob") == std::vector<std::string>{"members-week*"});
}
