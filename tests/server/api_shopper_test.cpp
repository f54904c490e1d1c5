// The shopper API over real HTTP: identity, the served program, /me and its
// redeem options, redemptions and their idempotency, self-claimed actions.
#include <catch2/catch.hpp>

#include <thread>

#include "api_helpers.h"
#include "harness.h"

using test::json;
using namespace api_test;

TEST_CASE("shopper: identity is required, checked and scoped", "[shopper]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "ident", "", "", {"--shopify-domain", "x.myshopify.com"});
  test::Server srv(db);
  auto c = srv.client();
  give_points(c, shop, "alice", 120, "A-1");
  auto anon = c.Get(me_path(shop).c_str());
  REQUIRE(anon);
  CHECK(anon->status == 401);
  CHECK(json::parse(anon->body)["error"].get<std::string>().size() > 0);
  auto expired = c.Get(me_path(shop).c_str(), test::shopper_headers(shop, "alice", -10));
  REQUIRE(expired);
  CHECK(expired->status == 401);
  // A token for bob does not open alice's account.
  auto h = test::shopper_headers(shop, "bob");
  h.erase("X-Loyalty-Customer");
  h.emplace("X-Loyalty-Customer", "alice");
  auto foreign = c.Get(me_path(shop).c_str(), h);
  REQUIRE(foreign);
  CHECK(foreign->status == 401);
  auto good = c.Get(me_path(shop).c_str(), test::shopper_headers(shop, "alice"));
  REQUIRE(good);
  REQUIRE(good->status == 200);
  auto me = json::parse(good->body);
  CHECK(me["customer_id"] == "alice");
  CHECK(me["state"]["balance"] == 120);
  CHECK(me["referral"]["code"].get<std::string>().size() == 9);
  CHECK(me["referral"]["link"].get<std::string>().rfind(shop.origin + "/?ref=", 0) == 0);
  CHECK(me["rewards"][0]["affordable"] == true);
  CHECK(me["activity"].size() == 1);
  CHECK(me["next_cursor"].is_null());
  // Shopify app proxy signature as identity.
  const std::string ts = std::to_string(test::now());
  const std::string msg = "logged_in_customer_id=alicepath_prefix=/apps/loyaltyshop=x.myshopify.comtimestamp=" + ts;
  const std::string sig = test::hex_sig(shop.secret, msg);
  auto proxied = c.Get((me_path(shop) + "?shop=x.myshopify.com&logged_in_customer_id=alice&path_prefix=%2Fapps%2Floyalty&timestamp=" + ts +
                        "&signature=" + sig).c_str());
  REQUIRE(proxied);
  CHECK(proxied->status == 200);
  auto forged = c.Get((me_path(shop) + "?shop=x.myshopify.com&logged_in_customer_id=bob&path_prefix=%2Fapps%2Floyalty&timestamp=" + ts +
                       "&signature=" + sig).c_str());
  REQUIRE(forged);
  CHECK(forged->status == 401);
}

TEST_CASE("shopper: program with ETag and CORS for the shop's origins only", "[shopper]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "etag");
  test::Server srv(db);
  auto c = srv.client();
  auto r = c.Get(("/api/v1/shops/" + shop.id + "/program").c_str(), {{"Origin", shop.origin}});
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == shop.origin);
  const std::string etag = r->get_header_value("ETag");
  REQUIRE(!etag.empty());
  CHECK(json::parse(r->body)["version"] == 1);
  auto cached = c.Get(("/api/v1/shops/" + shop.id + "/program").c_str(), {{"If-None-Match", etag}});
  REQUIRE(cached);
  CHECK(cached->status == 304);
  auto evil = c.Get(("/api/v1/shops/" + shop.id + "/program").c_str(), {{"Origin", "http://evil.example"}});
  REQUIRE(evil);
  CHECK(evil->status == 403);
  CHECK(evil->get_header_value("Access-Control-Allow-Origin").empty());
  auto pre = c.Options(("/api/v1/shops/" + shop.id + "/me").c_str(),
                       {{"Origin", shop.origin}, {"Access-Control-Request-Method", "GET"}});
  REQUIRE(pre);
  CHECK(pre->status == 204);
  CHECK(pre->get_header_value("Access-Control-Allow-Headers").find("X-Loyalty-Signature") != std::string::npos);
  // A new program version changes the ETag.
  auto prog = test::fixture_program();
  prog["earn"]["points"] = 2;
  auto put = test::put_program(c, shop, prog);
  REQUIRE(put);
  CHECK(put->status == 200);
  CHECK(json::parse(put->body)["version"] == 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto r2 = c.Get(("/api/v1/shops/" + shop.id + "/program").c_str(), {{"If-None-Match", etag}});
  REQUIRE(r2);
  CHECK(r2->status == 200);
  CHECK(json::parse(r2->body)["version"] == 2);
}

TEST_CASE("shopper: /me offers the core's redeem options, and redeeming what it offers succeeds", "[shopper][rewards]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "offers");
  test::Server srv(db);
  auto c = srv.client();
  give_points(c, shop, "ann", 250, "O-1");  // 250 points
  auto me = json::parse(c.Get(me_path(shop).c_str(), test::shopper_headers(shop, "ann"))->body);
  const json& fixed = me["rewards"][0];
  CHECK(fixed["id"] == "five-off");
  // The core's decision only: what a reward is (name, kind) is the program's, and
  // whether the tier allows it is `reason` "tier".
  for (const char* copy : {"name", "kind", "tier_ok"}) CHECK_FALSE(fixed.contains(copy));
  CHECK(fixed["points"] == 100);
  CHECK(fixed["value"] == 500);
  CHECK(fixed["affordable"] == true);
  const json& var = me["rewards"][1];
  CHECK(var["id"] == "dollars");
  CHECK(var["least"] == 100);
  CHECK(var["step"] == 100);
  CHECK(var["most"] == 200);  // whole steps of the balance
  CHECK(var["points"] == 200);
  CHECK(var["value"] == 200);
  auto h = test::shopper_headers(shop, "ann");
  h.emplace("Idempotency-Key", "most");
  auto r = c.Post(("/api/v1/shops/" + shop.id + "/me/redemptions").c_str(), h,
                  R"({"reward_id":"dollars","points":)" + var["points"].dump() + "}", "application/json");
  REQUIRE(r);
  CHECK(r->status == 201);
  CHECK(json::parse(r->body)["value"] == var["value"]);
  // 50 points left: below either reward, and /me says why.
  me = json::parse(c.Get(me_path(shop).c_str(), test::shopper_headers(shop, "ann"))->body);
  CHECK(me["rewards"][0]["affordable"] == false);
  CHECK(me["rewards"][0]["reason"] == "balance");
  CHECK(me["rewards"][1]["most"] == 0);
  CHECK(me["rewards"][1]["points"] == 100);
}

TEST_CASE("shopper: redemption idempotency, variable rewards, rate limit", "[shopper]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "redeem");
  test::Server srv(db, {"--redemptions-per-minute", "4"});
  auto c = srv.client();
  give_points(c, shop, "r1", 1000, "O-1");
  const std::string path = "/api/v1/shops/" + shop.id + "/me/redemptions";
  auto h = test::shopper_headers(shop, "r1");
  auto missing = c.Post(path.c_str(), h, R"({"reward_id":"five-off"})", "application/json");
  REQUIRE(missing);
  CHECK(missing->status == 400);
  h.emplace("Idempotency-Key", "same");
  auto first = c.Post(path.c_str(), h, R"({"reward_id":"five-off"})", "application/json");
  auto second = c.Post(path.c_str(), h, R"({"reward_id":"five-off"})", "application/json");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->status == 201);
  CHECK(second->status == 201);
  CHECK(first->body == second->body);
  CHECK(json::parse(first->body)["balance"] == 900);
  CHECK(json::parse(first->body)["value"] == 500);
  auto var = test::redeem(c, shop, "r1", "var", R"({"reward_id":"dollars","points":300})");
  REQUIRE(var);
  CHECK(var->status == 201);
  CHECK(json::parse(var->body)["value"] == 300);
  CHECK(json::parse(var->body)["balance"] == 600);
  auto bad = test::redeem(c, shop, "r1", "bad", R"({"reward_id":"dollars","points":150})");
  REQUIRE(bad);
  CHECK(bad->status == 422);
  CHECK(json::parse(bad->body)["field"] == "/points");
  auto extra = test::redeem(c, shop, "r1", "extra", R"({"reward_id":"five-off"})");
  REQUIRE(extra);
  CHECK(extra->status == 201);
  // The limit (4 a minute) was reached by the calls above (the replay of "same" is not a
  // new attempt); the next is 429.
  auto limited = test::redeem(c, shop, "r1", "limited", R"({"reward_id":"five-off"})");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(test::balance(c, shop, "r1") == 500);
}

TEST_CASE("shopper: a known Idempotency-Key answers the same, before any limit; with another request, 422", "[shopper][idempotency]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "idem");
  test::Server srv(db, {"--redemptions-per-minute", "1", "--actions-per-minute", "1"});
  auto c = srv.client();
  give_points(c, shop, "i1", 1000, "O-1");
  auto first = test::redeem(c, shop, "i1", "k-1", R"({"reward_id":"five-off"})");
  REQUIRE(first);
  REQUIRE(first->status == 201);
  // The limit (1 a minute) is now reached: a new redemption is 429 ...
  auto limited = test::redeem(c, shop, "i1", "k-2", R"({"reward_id":"five-off"})");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  // ... but the retry of the one that succeeded gets its stored answer, in other whitespace too.
  auto retry = test::redeem(c, shop, "i1", "k-1", R"({ "reward_id" : "five-off" })");
  REQUIRE(retry);
  CHECK(retry->status == 201);
  CHECK(retry->body == first->body);
  // The same key with another reward: refused, naming the header, nothing spent.
  auto other = test::redeem(c, shop, "i1", "k-1", R"({"reward_id":"dollars","points":300})");
  REQUIRE(other);
  CHECK(other->status == 422);
  CHECK(json::parse(other->body)["error"].get<std::string>().find("Idempotency-Key") != std::string::npos);
  CHECK(test::balance(c, shop, "i1") == 900);

  // Merchant adjustments: the same key with other points is refused too.
  const std::string adjust = "/api/v1/admin/shops/" + shop.id + "/customers/i1/adjustments";
  auto ah = test::admin_headers(shop);
  ah.emplace("Idempotency-Key", "adj-1");
  auto a1 = c.Post(adjust.c_str(), ah, R"({"points":50,"note":"sorry"})", "application/json");
  REQUIRE(a1);
  CHECK(a1->status == 201);
  auto a2 = c.Post(adjust.c_str(), ah, R"({"points":50,"note":"sorry"})", "application/json");
  REQUIRE(a2);
  CHECK(a2->body == a1->body);
  auto a3 = c.Post(adjust.c_str(), ah, R"({"points":5000,"note":"sorry"})", "application/json");
  REQUIRE(a3);
  CHECK(a3->status == 422);
  CHECK(test::balance(c, shop, "i1") == 950);
}

TEST_CASE("shopper: an Idempotency-Key of 200 characters, the most the header takes, works for redemptions, claims and adjustments",
          "[shopper][idempotency]") {
  // The key names the event ("redeem-<key>"): it once went through the event's
  // JSON, whose id takes 200, and a long key was refused naming "/id".
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "longkey");
  test::Server srv(db);
  auto c = srv.client();
  give_points(c, shop, "k1", 1000, "O-1");
  const std::string key(200, 'k');
  auto red = test::redeem(c, shop, "k1", key, R"({"reward_id":"five-off"})");
  REQUIRE(red);
  CHECK(red->status == 201);
  CHECK(red->body.find("/id") == std::string::npos);
  auto h = test::shopper_headers(shop, "k1");
  h.emplace("Idempotency-Key", key);
  auto claim = c.Post(("/api/v1/shops/" + shop.id + "/me/actions").c_str(), h, R"({"action":"social_follow"})", "application/json");
  REQUIRE(claim);
  CHECK(claim->status == 201);
  auto ah = test::admin_headers(shop);
  ah.emplace("Idempotency-Key", key);
  auto adj = c.Post(("/api/v1/admin/shops/" + shop.id + "/customers/k1/adjustments").c_str(), ah, R"({"points":50,"note":"sorry"})",
                    "application/json");
  REQUIRE(adj);
  CHECK(adj->status == 201);
  CHECK(test::balance(c, shop, "k1") == 1000 - 100 + 20 + 50);
  // One more character is the header's own 400.
  auto over = test::redeem(c, shop, "k1", key + "k", R"({"reward_id":"five-off"})");
  REQUIRE(over);
  CHECK(over->status == 400);
}

TEST_CASE("shopper: self-claimed actions within their limits", "[shopper]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "actions");
  test::Server srv(db, {"--actions-per-minute", "3"});
  auto c = srv.client();
  const std::string path = "/api/v1/shops/" + shop.id + "/me/actions";
  auto h = test::shopper_headers(shop, "a1");
  auto follow = c.Post(path.c_str(), h, R"({"action":"social_follow"})", "application/json");
  REQUIRE(follow);
  CHECK(follow->status == 201);
  CHECK(json::parse(follow->body)["points"] == 20);
  auto again = c.Post(path.c_str(), h, R"({"action":"social_follow"})", "application/json");  // lifetime 1
  REQUIRE(again);
  CHECK(again->status == 422);
  auto signup = c.Post(path.c_str(), h, R"({"action":"signup"})", "application/json");  // not self-claimed
  REQUIRE(signup);
  CHECK(signup->status == 403);
  auto unknown = c.Post(path.c_str(), h, R"({"action":"review"})", "application/json");
  REQUIRE(unknown);
  CHECK(unknown->status == 422);
  // Refused before the limiter: signup (403) and review (422). Counted: 2 follows + this visit.
  auto visit = c.Post(path.c_str(), h, R"({"action":"site_visit"})", "application/json");
  REQUIRE(visit);
  CHECK(visit->status == 201);
  auto limited = c.Post(path.c_str(), h, R"({"action":"site_visit"})", "application/json");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(test::balance(c, shop, "a1") == 21);
}

TEST_CASE("shopper: the program is served as the core writes it back, every default filled; the merchant gets the stored document", "[shopper]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "normal");
  test::Server srv(db);
  auto c = srv.client();
  auto prog = test::fixture_program();
  prog.erase("minor_digits");
  prog["earn"].erase("per_amount");
  prog["$schema"] = "../core/schema/program.schema.json";
  prog["translations"] = {{"ro", {{"/rewards/0/name", "5 lei reducere"}}}};
  auto put = test::put_program(c, shop, prog);
  REQUIRE(put);
  REQUIRE(put->status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the program cache's second
  auto r = c.Get(("/api/v1/shops/" + shop.id + "/program").c_str(), {{"Origin", shop.origin}});
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const json served = json::parse(r->body);
  CHECK(served["minor_digits"] == 2);
  CHECK(served["earn"]["per_amount"] == 100);
  CHECK(served["earn"]["rounding"] == "floor");
  CHECK(served["actions"][0]["name"] == "signup");  // the name the reader gives an unnamed action
  CHECK(served["translations"]["ro"]["/rewards/0/name"] == "5 lei reducere");
  CHECK_FALSE(served.contains("$schema"));
  // The ETag is the served document's: a 304 for it, and the merchant's own document unchanged.
  auto again = c.Get(("/api/v1/shops/" + shop.id + "/program").c_str(), {{"If-None-Match", r->get_header_value("ETag")}});
  REQUIRE(again);
  CHECK(again->status == 304);
  auto mine = c.Get(("/api/v1/admin/shops/" + shop.id + "/program").c_str(), test::admin_headers(shop));
  REQUIRE(mine);
  const json stored = json::parse(mine->body);
  CHECK_FALSE(stored.contains("minor_digits"));
  CHECK_FALSE(stored["earn"].contains("per_amount"));
  CHECK(stored["$schema"] == "../core/schema/program.schema.json");
}
