// Over real HTTP: one shop's credentials never reach another shop, and bad
// input gets a clear 4xx with nothing written.
#include <catch2/catch.hpp>

#include "api_helpers.h"
#include "harness.h"

using test::json;
using namespace api_test;

TEST_CASE("isolation: shop A's token or key cannot read or change shop B", "[isolation]") {
  const std::string db = test::fresh_db();
  auto a = test::create_shop(db, "shopa");
  auto b = test::create_shop(db, "shopb");
  test::Server srv(db);
  auto c = srv.client();
  give_points(c, b, "victim", 500, "B-1");
  const auto before = test::ledger(c, b, "victim");
  // A's shopper token for "victim" (signed with A's secret) on B's API.
  auto h = test::shopper_headers(a, "victim");
  auto r = c.Get(me_path(b).c_str(), h);
  REQUIRE(r);
  CHECK(r->status == 401);
  h.emplace("Idempotency-Key", "steal");
  auto steal = c.Post(("/api/v1/shops/" + b.id + "/me/redemptions").c_str(), h, R"({"reward_id":"five-off"})", "application/json");
  REQUIRE(steal);
  CHECK(steal->status == 401);
  // A's API key on B's merchant API.
  for (const char* p : {"/program", "/customers/victim/ledger", "/ledger.csv", "/analytics", "/customers/victim"}) {
    auto g = c.Get(("/api/v1/admin/shops/" + b.id + p).c_str(), test::admin_headers(a));
    REQUIRE(g);
    CHECK(g->status == 401);
  }
  auto adj = c.Post(("/api/v1/admin/shops/" + b.id + "/customers/victim/adjustments").c_str(), test::admin_headers(a),
                    R"({"points":-500,"note":"x"})", "application/json");
  REQUIRE(adj);
  CHECK(adj->status == 401);
  auto put = c.Put(("/api/v1/admin/shops/" + b.id + "/program").c_str(), test::admin_headers(a), test::read_file(test::fixture("program.json")),
                   "application/json");
  REQUIRE(put);
  CHECK(put->status == 401);
  auto rot = c.Put(("/api/v1/admin/shops/" + b.id + "/secret").c_str(), test::admin_headers(a), R"({"secret":"mine"})", "application/json");
  REQUIRE(rot);
  CHECK(rot->status == 401);
  // A's webhook secret on B's endpoint.
  const std::string ev = test::order_event("victim", "A-evil", 100000).dump();
  auto wh = c.Post(("/webhooks/generic/" + b.id).c_str(), {{"X-Loyalty-Signature", test::hex_sig(a.secret, ev)}}, ev, "application/json");
  REQUIRE(wh);
  CHECK(wh->status == 401);
  // Same customer id in shop A is a different customer.
  CHECK(test::balance(c, a, "victim") == 0);
  CHECK(test::balance(c, b, "victim") == 500);
  CHECK(test::ledger(c, b, "victim") == before);
}

TEST_CASE("bad input: clear 4xx and nothing written", "[badinput]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "bad");
  test::Server srv(db);
  auto c = srv.client();
  give_points(c, shop, "b1", 300, "OK-1");
  auto signed_post = [&](const std::string& body) {
    return c.Post(("/webhooks/generic/" + shop.id).c_str(), {{"X-Loyalty-Signature", test::hex_sig(shop.secret, body)}}, body,
                  "application/json");
  };
  auto expect = [](httplib::Result r, int status, const std::string& field = "") {
    REQUIRE(r);
    CHECK(r->status == status);
    auto j = json::parse(r->body);
    CHECK(!j["error"].get<std::string>().empty());
    if (!field.empty()) CHECK(j["field"] == field);
  };
  expect(signed_post("{not json"), 400);
  expect(signed_post("[1,2,3]"), 422);
  expect(signed_post(R"({"customer":"b1","id":"x","type":"order_paid","at":"2026-01-01T00:00:00Z","order":"nope"})"), 422, "/order");
  auto wrong = test::order_event("b1", "W-1", 100);
  wrong["order"]["lines"][0]["unit_price"] = "100";
  expect(signed_post(wrong.dump()), 422, "/order/lines/0/unit_price");
  auto huge = test::order_event("b1", "H-1", 100);
  huge["order"]["lines"][0]["unit_price"] = 9223372036854775807LL;
  expect(signed_post(huge.dump()), 422, "/order/lines/0/unit_price");
  auto bigger = test::order_event("b1", "H-2", 100);
  std::string text = bigger.dump();
  text.replace(text.find("\"unit_price\":100"), 16, "\"unit_price\":123456789012345678901234567890");
  expect(signed_post(text), 422);
  auto fl = test::order_event("b1", "F-1", 100);
  fl["order"]["lines"][0]["unit_price"] = 10.5;
  expect(signed_post(fl.dump()), 422, "/order/lines/0/unit_price");
  std::string deep = R"({"customer":"b1","id":"d","type":"tick","at":0,"x":)" + std::string(200, '[') + std::string(200, ']') + "}";
  expect(signed_post(deep), 400);
  const std::string ten_mb(10 * 1024 * 1024, 'x');
  auto big = c.Post(("/webhooks/generic/" + shop.id).c_str(), {{"X-Loyalty-Signature", test::hex_sig(shop.secret, ten_mb)}}, ten_mb,
                    "application/json");
  expect(std::move(big), 413);
  // Shopper and merchant inputs.
  auto h = test::shopper_headers(shop, "b1");
  h.emplace("Idempotency-Key", "k1");
  expect(c.Post(("/api/v1/shops/" + shop.id + "/me/redemptions").c_str(), h, "{", "application/json"), 400);
  expect(c.Post(("/api/v1/shops/" + shop.id + "/me/redemptions").c_str(), h, R"({"reward_id":"five-off","points":"lots"})",
                "application/json"),
         422, "/points");
  expect(c.Post(("/api/v1/shops/" + shop.id + "/me/redemptions").c_str(), h, R"({"reward_id":"five-off","extra":1})", "application/json"),
         422, "/extra");
  expect(c.Post(("/api/v1/admin/shops/" + shop.id + "/customers/b1/adjustments").c_str(), test::admin_headers(shop),
                R"({"points":1e30,"note":"x"})", "application/json"),
         422, "/points");
  expect(c.Post(("/api/v1/admin/shops/" + shop.id + "/customers/b1/adjustments").c_str(), test::admin_headers(shop),
                R"({"points":-5000,"note":"too much"})", "application/json"),
         422, "/points");
  expect(c.Get(("/api/v1/shops/" + shop.id + "/me/activity?cursor=abc").c_str(), test::shopper_headers(shop, "b1")), 400);
  // Nothing was written by any of it.
  CHECK(test::ledger(c, shop, "b1").size() == 1);
  CHECK(test::balance(c, shop, "b1") == 300);
}
