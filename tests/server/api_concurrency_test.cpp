// Concurrent shoppers over real HTTP, on one server process and across two:
// redemptions never overspend, the per-minute limits hold.
#include <catch2/catch.hpp>

#include "api_helpers.h"
#include "harness.h"

using test::json;
using namespace api_test;

TEST_CASE("shopper: 64 concurrent redemptions against a balance for 10 give exactly 10 codes", "[shopper][concurrency]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "race");
  test::Server srv(db, {"--redemptions-per-minute", "0"});
  auto c = srv.client();
  give_points(c, shop, "racer", 1000, "R-1");  // 1000 points, reward costs 100
  concurrent_redemptions({&srv}, shop, "racer");
}

TEST_CASE("shopper: 64 concurrent redemptions split across two server processes", "[shopper][concurrency]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "race2");
  test::Server a(db, {"--redemptions-per-minute", "0"});
  test::Server b(db, {"--redemptions-per-minute", "0"});
  auto c = a.client();
  give_points(c, shop, "racer", 1000, "R-2");
  concurrent_redemptions({&a, &b}, shop, "racer");
}

TEST_CASE("shopper: the per-minute limits hold across two server processes", "[shopper][concurrency]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "limit2");
  test::Server a(db, {"--redemptions-per-minute", "3", "--actions-per-minute", "1"});
  test::Server b(db, {"--redemptions-per-minute", "3", "--actions-per-minute", "1"});
  auto ca = a.client();
  auto cb = b.client();
  give_points(ca, shop, "two-servers", 1000, "O-L2");
  const std::string redeem = "/api/v1/shops/" + shop.id + "/me/redemptions";
  int made = 0, limited = 0;
  // Alternating servers: each process alone would allow 3, together 6.
  for (int i = 0; i < 6; ++i) {
    auto h = test::shopper_headers(shop, "two-servers");
    h.emplace("Idempotency-Key", "l2-" + std::to_string(i));
    auto r = (i % 2 ? cb : ca).Post(redeem.c_str(), h, R"({"reward_id":"five-off"})", "application/json");
    REQUIRE(r);
    made += r->status == 201;
    limited += r->status == 429;
  }
  CHECK(made == 3);
  CHECK(limited == 3);
  CHECK(test::balance(ca, shop, "two-servers") == 1000 - 3 * 100);
  // Actions (1 a minute here): a follow claimed on one server uses the minute up
  // on the other too; nothing is written for the refused visit.
  const std::string claim = "/api/v1/shops/" + shop.id + "/me/actions";
  auto follow = ca.Post(claim.c_str(), test::shopper_headers(shop, "two-servers"), R"({"action":"social_follow"})",
                        "application/json");
  auto visit = cb.Post(claim.c_str(), test::shopper_headers(shop, "two-servers"), R"({"action":"site_visit"})",
                       "application/json");
  REQUIRE(follow);
  REQUIRE(visit);
  CHECK(follow->status == 201);
  CHECK(visit->status == 429);
  CHECK(test::balance(ca, shop, "two-servers") == 1000 - 3 * 100 + 20);
}
