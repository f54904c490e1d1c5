// The merchant API over real HTTP: program versions and time zones, adjustments,
// the paginated ledger, CSV and analytics.
#include <catch2/catch.hpp>

#include <set>

#include "api_helpers.h"
#include "harness.h"

using test::json;
using namespace api_test;

TEST_CASE("merchant: a program naming only its time zone is stored with the zone's rule, which the widget receives", "[merchant][time_zone]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "zone");
  test::Server srv(db);
  auto c = srv.client();
  auto prog = test::fixture_program();
  prog["time_zone"] = "Europe/Bucharest";
  const json stored = put_then_served(c, shop, prog);
  CHECK(stored["time_zone"] == "Europe/Bucharest");
  // The system's rule (last line of the TZif file): EET, EEST from the last Sunday of March.
  CHECK(stored["time_zone_rule"] == "EET-2EEST,M3.5.0/3,M10.5.0/4");

  prog["time_zone"] = "Mars/Olympus_Mons";
  auto unknown = test::put_program(c, shop, prog);
  REQUIRE(unknown);
  CHECK(unknown->status == 422);
  CHECK(json::parse(unknown->body)["field"] == "/time_zone");
  prog["time_zone"] = "../../etc/passwd";
  auto escape = test::put_program(c, shop, prog);
  REQUIRE(escape);
  CHECK(escape->status == 422);
}

TEST_CASE("merchant: program versions, validation errors field by field", "[merchant]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "prog");
  test::Server srv(db);
  auto c = srv.client();
  const std::string path = "/api/v1/admin/shops/" + shop.id + "/program";
  auto bad = test::fixture_program();
  bad["earn"]["points"] = -1;
  bad["rewards"][0]["cost"] = "free";
  auto r = c.Put(path.c_str(), test::admin_headers(shop), bad.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 422);
  auto j = json::parse(r->body);
  REQUIRE(j.contains("errors"));
  std::set<std::string> fields;
  for (auto& e : j["errors"]) fields.insert(e["pointer"].get<std::string>());
  CHECK(fields.count("/earn/points"));
  CHECK(fields.count("/rewards/0/cost"));
  give_points(c, shop, "v1", 10, "V-1");
  auto good = test::fixture_program();
  good["earn"]["points"] = 3;
  auto ok = c.Put(path.c_str(), test::admin_headers(shop), good.dump(), "application/json");
  REQUIRE(ok);
  CHECK(json::parse(ok->body)["version"] == 2);
  auto got = c.Get(path.c_str(), test::admin_headers(shop));
  REQUIRE(got);
  CHECK(json::parse(got->body)["version"] == 2);
  CHECK(json::parse(got->body)["earn"]["points"] == 3);
  give_points(c, shop, "v1", 10, "V-2");
  auto entries = test::ledger(c, shop, "v1");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0]["program_version"] == 2);
  CHECK(entries[0]["points"] == 30);
  CHECK(entries[1]["program_version"] == 1);
  CHECK(entries[1]["points"] == 10);
}

TEST_CASE("merchant: adjustments, paginated ledger, CSV and analytics", "[merchant]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "merchant");
  test::Server srv(db);
  auto c = srv.client();
  for (int i = 0; i < 25; ++i) give_points(c, shop, "m1", 10, "M-" + std::to_string(i));
  give_points(c, shop, "m2", 150, "N-1");
  auto adj = c.Post(("/api/v1/admin/shops/" + shop.id + "/customers/m1/adjustments").c_str(), test::admin_headers(shop),
                    R"({"points":-40,"note":"goodwill, reversed"})", "application/json");
  REQUIRE(adj);
  CHECK(adj->status == 201);
  CHECK(json::parse(adj->body)["balance"] == 210);
  // Pages of 10: 26 entries -> 3 pages, newest first, no overlap.
  std::vector<std::string> keys;
  std::string cursor;
  int pages = 0;
  for (;;) {
    std::string p = "/api/v1/admin/shops/" + shop.id + "/customers/m1/ledger?limit=10" + (cursor.empty() ? "" : "&cursor=" + cursor);
    auto r = c.Get(p.c_str(), test::admin_headers(shop));
    REQUIRE(r);
    REQUIRE(r->status == 200);
    auto j = json::parse(r->body);
    ++pages;
    for (auto& e : j["entries"]) keys.push_back(e["key"]);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"];
  }
  CHECK(pages == 3);
  CHECK(keys.size() == 26);
  CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == 26);
  CHECK(keys.front().rfind("adjust:", 0) == 0);
  auto csv = c.Get(("/api/v1/admin/shops/" + shop.id + "/ledger.csv").c_str(), test::admin_headers(shop));
  REQUIRE(csv);
  CHECK(csv->get_header_value("Content-Type").rfind("text/csv", 0) == 0);
  CHECK(std::count(csv->body.begin(), csv->body.end(), '\n') == 28);
  CHECK(csv->body.find("\"goodwill, reversed\"") != std::string::npos);
  // A redemption so the rate is not zero.
  auto h = test::shopper_headers(shop, "m2");
  h.emplace("Idempotency-Key", "x");
  auto red = c.Post(("/api/v1/shops/" + shop.id + "/me/redemptions").c_str(), h, R"({"reward_id":"five-off"})", "application/json");
  REQUIRE(red);
  REQUIRE(red->status == 201);
  auto an = c.Get(("/api/v1/admin/shops/" + shop.id + "/analytics").c_str(), test::admin_headers(shop));
  REQUIRE(an);
  REQUIRE(an->status == 200);
  auto a = json::parse(an->body);
  CHECK(a["points_issued"] == 400);
  CHECK(a["points_redeemed"] == 100);
  CHECK(a["points_outstanding"] == 400 - 40 - 100);
  CHECK(a["liability"]["amount"] == 260 * 500 / 100);  // cheapest rate: 100 points = 5.00
  CHECK(a["redemption_rate"].get<double>() == Approx(100.0 / 400.0));
  CHECK(a["repeat_purchase"]["non_members"]["buyers"] == 1);
  CHECK(a["repeat_purchase"]["non_members"]["repeat_buyers"] == 1);
  CHECK(a["repeat_purchase"]["members"]["buyers"] == 1);
  CHECK(a["repeat_purchase"]["members"]["repeat_buyers"] == 0);
  CHECK(a["customers"] == 2);
  CHECK(a["tiers"]["none"] == 2);
}
