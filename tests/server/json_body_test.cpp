// One JSON reader for every route's body, with its real message: the secret
// rotation route answers a too-deep body or a number out of range as the
// redemption route does, not "body must be a JSON object".
#include <catch2/catch.hpp>

#include "harness.h"

using test::json;

TEST_CASE("json bodies: every route answers a bad body with the reader's own message", "[json]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "jsonbody");
  test::Server srv(db);
  auto c = srv.client();
  const std::string deep = "{\"secret\":" + std::string(100, '[') + std::string(100, ']') + "}";
  const std::string huge = R"({"secret":"x","grace_seconds":1e400})";
  const std::string secret_path = "/api/v1/admin/shops/" + shop.id + "/secret";
  const std::string redeem_path = "/api/v1/shops/" + shop.id + "/me/redemptions";
  auto h = test::shopper_headers(shop, "j1");
  h.emplace("Idempotency-Key", "j");
  for (const std::string& body : {deep, huge}) {
    INFO(body.substr(0, 40));
    auto rotate = c.Put(secret_path.c_str(), test::admin_headers(shop), body, "application/json");
    auto redeem = c.Post(redeem_path.c_str(), h, body, "application/json");
    REQUIRE(rotate);
    REQUIRE(redeem);
    CHECK(rotate->status == 400);
    const std::string message = json::parse(rotate->body)["error"];
    CHECK(message != "body must be a JSON object");
    CHECK(message == json::parse(redeem->body)["error"].get<std::string>());
  }
  auto r = c.Put(secret_path.c_str(), test::admin_headers(shop), deep, "application/json");
  CHECK(json::parse(r->body)["error"] == "request nests deeper than 64 levels");
  // A field the route does not know is named.
  auto unknown = c.Put(secret_path.c_str(), test::admin_headers(shop), R"({"secret":"x","grace":5})", "application/json");
  REQUIRE(unknown);
  CHECK(unknown->status == 422);
  CHECK(json::parse(unknown->body)["field"] == "/grace");
}
