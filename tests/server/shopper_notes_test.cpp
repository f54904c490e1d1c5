// Shopper notes: what the core's notices tell the shopper, kept per customer
// in the ledger write's own transaction (with or without receivers), listed by
// /me until the shopper dismisses them.
#include <catch2/catch.hpp>

#include <set>

#include "harness.h"
#include "notification_api.h"
#include "shopper_notes_api.h"

using test::dismiss;
using test::dismiss_path;
using test::ids_of;
using test::json;
using test::notes;
using test::order;

TEST_CASE("shopper notes: an order's notes are listed by /me until dismissed; the webhook twice gives one note", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  // No receiver registered: the shopper's notes do not depend on outgoing webhooks.
  order(c, shop, "ana", "1042", 12000);
  order(c, shop, "ana", "1042", 12000);  // the platform's retry: a duplicate
  json list = notes(c, shop, "ana");
  // 120 points earned; both 100-point rewards (five-off, dollars) now within reach.
  REQUIRE(list.size() == 3);
  std::multiset<std::string> types;
  for (const auto& n : list) {
    types.insert(n["type"].get<std::string>());
    CHECK(n["id"].is_number_integer());
    if (n["type"] == "points_earned") {
      CHECK(n["points"] == 120);
      CHECK(n["order_id"] == "1042");
    }
  }
  CHECK(types == std::multiset<std::string>{"points_earned", "reward_unlocked", "reward_unlocked"});
  // Not dismissed: shown again on the next visit.
  CHECK(notes(c, shop, "ana") == list);
  // Another shopper neither sees nor dismisses them.
  CHECK(notes(c, shop, "bo").empty());
  auto other = dismiss(c, shop, "bo", {{"ids", ids_of(list)}});
  REQUIRE(other);
  CHECK(other->status == 200);
  CHECK(json::parse(other->body)["dismissed"] == 0);
  CHECK(notes(c, shop, "ana").size() == 3);

  auto r = dismiss(c, shop, "ana", {{"ids", ids_of(list)}});
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body)["dismissed"] == 3);
  CHECK(notes(c, shop, "ana").empty());
  // Dismissing again (a retry) changes nothing and succeeds.
  auto again = dismiss(c, shop, "ana", {{"ids", ids_of(list)}});
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(json::parse(again->body)["dismissed"] == 0);

  // The next order is a new note, and the only one.
  order(c, shop, "ana", "1043", 3000);
  list = notes(c, shop, "ana");
  REQUIRE(list.size() == 1);
  CHECK(list[0]["type"] == "points_earned");
  CHECK(list[0]["order_id"] == "1043");
  CHECK(list[0]["points"] == 30);
}

TEST_CASE("shopper notes: newest first and bounded; a tier reached is a note", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-many");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  for (int i = 1; i <= 12; ++i) order(c, shop, "cy", "A-" + std::to_string(i), 100 * i);
  order(c, shop, "cy", "BIG", 60000);  // 600 more points: silver (500)
  json list = notes(c, shop, "cy");
  REQUIRE(list.size() == 10);
  std::set<std::string> types;
  for (size_t i = 0; i < list.size(); ++i) {
    types.insert(list[i]["type"].get<std::string>());
    if (i) CHECK(list[i - 1]["id"].get<std::int64_t>() > list[i]["id"].get<std::int64_t>());
  }
  CHECK(types.count("tier_reached") == 1);
  bool big = false;
  for (const auto& n : list) {
    if (n["type"] == "tier_reached") CHECK(n["tier"] == "silver");
    if (n["type"] == "points_earned" && n["order_id"] == "BIG") big = true;
  }
  CHECK(big);
  // Dismissing the ten shown leaves the older ones, which come next.
  REQUIRE(dismiss(c, shop, "cy", {{"ids", ids_of(list)}})->status == 200);
  json rest = notes(c, shop, "cy");
  CHECK(!rest.empty());
  for (const auto& n : rest) CHECK(n["id"].get<std::int64_t>() < list.back()["id"].get<std::int64_t>());

}

TEST_CASE("shopper notes: dismissing needs the signed shopper and names a bad field", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-bad");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  order(c, shop, "di", "9", 5000);
  auto unsigned_ = c.Post(dismiss_path(shop).c_str(), json{{"ids", json::array({1})}}.dump(), "application/json");
  REQUIRE(unsigned_);
  CHECK(unsigned_->status == 401);
  for (const json& bad : {json{{"ids", "1"}}, json{{"ids", json::array({"x"})}}, json{{"ids", json::array({-1})}}, json::object()}) {
    auto r = dismiss(c, shop, "di", bad);
    REQUIRE(r);
    INFO(bad.dump() << " -> " << r->body);
    CHECK((r->status == 400 || r->status == 422));
    CHECK(json::parse(r->body)["field"] == "/ids");
  }
  json many = json::array();
  for (int i = 0; i < 101; ++i) many.push_back(i + 1);
  auto r = dismiss(c, shop, "di", {{"ids", many}});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(json::parse(r->body)["field"] == "/ids");
  CHECK(notes(c, shop, "di").size() == 1);  // nothing half-dismissed
}

// The notes' storage moved into the customer's row (008_shopper_notes_in_customers.*.sql,
// ids counted per customer): /me lists what 006's table listed.
// Expected: recorded from the server at e3ef3a6 (006's layout) for these orders;
// "at" is the write's clock, checked apart.
TEST_CASE("shopper notes: /me lists the same notes as the layout before", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-same");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  order(c, shop, "eve", "1042", 12000);
  order(c, shop, "eve", "1043", 3000);
  order(c, shop, "eve", "BIG", 60000);
  json list = notes(c, shop, "eve");
  for (auto& n : list) {
    CHECK(n["at"].get<std::string>().size() == 20);  // 2026-12-03T18:00:00Z
    n.erase("at");
  }
  INFO(list.dump());
  CHECK(list == json::parse(R"([{"balance":750,"id":6,"previous_tier":"","tier":"silver","type":"tier_reached"},
    {"balance":750,"id":5,"order_id":"BIG","pending":0,"points":600,"source":"earn","type":"points_earned"},
    {"balance":150,"id":4,"order_id":"1043","pending":0,"points":30,"source":"earn","type":"points_earned"},
    {"balance":120,"id":3,"points":100,"reward_id":"dollars","reward_name":"Points for dollars","type":"reward_unlocked"},
    {"balance":120,"id":2,"points":100,"reward_id":"five-off","reward_name":"$5 off","type":"reward_unlocked"},
    {"balance":120,"id":1,"order_id":"1042","pending":0,"points":120,"source":"earn","type":"points_earned"}])"));
}

TEST_CASE("shopper notes: a customer keeps the 20 newest unseen notes", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-kept");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  // 23 orders of 10 points; the 10th crosses 100: two rewards unlocked. 25 notes.
  for (int i = 1; i <= 23; ++i) order(c, shop, "fay", "K-" + std::to_string(i), 1000);
  json first = notes(c, shop, "fay");
  REQUIRE(first.size() == 10);
  CHECK(first[0]["order_id"] == "K-23");
  REQUIRE(dismiss(c, shop, "fay", {{"ids", ids_of(first)}})->status == 200);
  json second = notes(c, shop, "fay");
  REQUIRE(second.size() == 10);
  CHECK(second.back()["type"] == "points_earned");
  CHECK(second.back()["order_id"] == "K-6");  // the 20th newest; the 5 older dropped out
  REQUIRE(dismiss(c, shop, "fay", {{"ids", ids_of(second)}})->status == 200);
  CHECK(notes(c, shop, "fay").empty());
}

TEST_CASE("shopper notes: expiring points are told once, dismissed or not, and go when they expire", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-expiry");
  const std::int64_t t0 = test::now();
  const std::int64_t ttl = 70 * 86400;  // the shopper's signature outlives the moved clock
  auto at_day = [&](int days, const std::function<void(httplib::Client&)>& fn) {
    test::Server srv(db, {"--quiet", "--clock-offset", std::to_string(days * 86400)});
    auto c = srv.client();
    fn(c);
  };
  auto expiring = [&](httplib::Client& c) {
    json out = json::array();
    for (const auto& n : notes(c, shop, "gus", ttl))
      if (n["type"] == "points_expiring") out.push_back(n);
    return out;
  };
  at_day(0, [&](httplib::Client& c) {
    json program = test::fixture_program();
    program["lifecycle"] = {{"expiry", "after_earning"}, {"expiry_days", 30}, {"expiry_notice_days", 7}};
    REQUIRE(test::put_program(c, shop, program)->status == 200);
    REQUIRE(test::post_event(c, shop, test::order_at("gus", "G-1", 4000, t0))->status == 200);
  });
  at_day(23, [&](httplib::Client& c) {
    test::tick(c, shop);
    test::tick(c, shop);
    json e = expiring(c);
    REQUIRE(e.size() == 1);
    CHECK(e[0]["points"] == 40);
    REQUIRE(dismiss(c, shop, "gus", {{"ids", ids_of(e)}}, ttl)->status == 200);
  });
  // Dismissed, the same notice is not written again by the next tick.
  at_day(24, [&](httplib::Client& c) {
    test::tick(c, shop);
    CHECK(expiring(c).empty());
  });
  // A second batch, told on its day and not listed once its points expired.
  at_day(25, [&](httplib::Client& c) { REQUIRE(test::post_event(c, shop, test::order_at("gus", "G-2", 3000, t0 + 25 * 86400))->status == 200); });
  at_day(49, [&](httplib::Client& c) {
    test::tick(c, shop);
    REQUIRE(expiring(c).size() == 1);
  });
  at_day(56, [&](httplib::Client& c) { CHECK(expiring(c).empty()); });
}
