// Shopper and merchant APIs over real HTTP: identity, concurrency, isolation,
// bad input, program versions, time-driven work, operations.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "harness.h"
#include "loyalty/referral_code.h"

using test::json;

namespace {

std::string me_path(const test::Shop& s) { return "/api/v1/shops/" + s.id + "/me"; }

// The merchant stores a program; what the widget is then served, once the
// program cache's second has passed.
json put_then_served(httplib::Client& c, const test::Shop& shop, const json& prog) {
  auto put = test::put_program(c, shop, prog);
  REQUIRE(put);
  REQUIRE(put->status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto r = c.Get(("/api/v1/shops/" + shop.id + "/program").c_str(), {{"Origin", shop.origin}});
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

void give_points(httplib::Client& c, const test::Shop& s, const std::string& customer, std::int64_t dollars, const std::string& order) {
  auto r = test::post_event(c, s, test::order_event(customer, order, dollars * 100));
  REQUIRE(r);
  REQUIRE(r->status == 200);
}

// Running balance over the ledger (oldest first) never dips below zero.
bool never_negative(std::vector<json> entries) {
  std::reverse(entries.begin(), entries.end());
  std::int64_t running = 0;
  for (auto& e : entries) {
    running += e["points"].get<std::int64_t>();
    if (running < 0) return false;
  }
  return true;
}

void concurrent_redemptions(const std::vector<test::Server*>& servers, const test::Shop& shop, const std::string& customer) {
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::mutex mu;
  std::set<std::string> codes;
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i)
    threads.emplace_back([&, i] {
      auto c = servers[i % servers.size()]->client();
      auto h = test::shopper_headers(shop, customer);
      h.emplace("Idempotency-Key", "redeem-" + std::to_string(i));
      const auto t0 = std::chrono::steady_clock::now();
      auto r = c.Post(("/api/v1/shops/" + shop.id + "/me/redemptions").c_str(), h, R"({"reward_id":"five-off"})", "application/json");
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (r && r->status == 201) {
        ++ok;
        std::lock_guard<std::mutex> lock(mu);
        codes.insert(json::parse(r->body)["code"].get<std::string>());
      } else if (r && r->status == 422) {
        ++refused;
      } else {
        ++other;
        std::lock_guard<std::mutex> lock(mu);
        if (r) std::cerr << "unexpected status " << r->status << " " << r->body << "\n";
        else std::cerr << "no response: " << httplib::to_string(r.error()) << " after " << ms << " ms\n";
      }
    });
  for (auto& t : threads) t.join();
  auto c = servers[0]->client();
  CHECK(ok == 10);
  CHECK(codes.size() == 10);
  CHECK(refused == 54);
  CHECK(other == 0);
  CHECK(test::balance(c, shop, customer) == 0);
  CHECK(never_negative(test::ledger(c, shop, customer)));
}

}  // namespace

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

TEST_CASE("referrals: visit and the referrer's reward on the friend's first order", "[referral]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "refer");
  test::Server srv(db);
  auto c = srv.client();
  give_points(c, shop, "referrer", 10, "P-1");
  auto me = json::parse(c.Get(me_path(shop).c_str(), test::shopper_headers(shop, "referrer"))->body);
  const std::string code = me["referral"]["code"];
  auto visit = c.Post(("/api/v1/shops/" + shop.id + "/referrals/visit").c_str(), json{{"code", code}}.dump(), "application/json");
  REQUIRE(visit);
  CHECK(visit->status == 200);
  auto typo = c.Post(("/api/v1/shops/" + shop.id + "/referrals/visit").c_str(), R"({"code":"AAAA-AAAA"})", "application/json");
  REQUIRE(typo);
  CHECK(typo->status / 100 == 4);
  json created = {{"customer", "friend"}, {"id", "signup-friend"}, {"type", "customer_created"}, {"at", test::now() - 5},
                  {"profile", {{"email", "friend@example.com"}, {"referred_by", code}}}};
  auto cr = test::post_event(c, shop, created);
  REQUIRE(cr);
  CHECK(cr->status == 200);
  CHECK(test::balance(c, shop, "friend") == 50 + 50);  // signup + referee reward
  give_points(c, shop, "friend", 20, "F-1");
  CHECK(test::balance(c, shop, "referrer") == 10 + 100);
  auto an = json::parse(c.Get(("/api/v1/admin/shops/" + shop.id + "/analytics").c_str(), test::admin_headers(shop))->body);
  CHECK(an["referrals"]["visits"] == 1);
  CHECK(an["referrals"]["conversions"] == 1);
  CHECK(an["referrals"]["referees_signed_up"] == 1);
}

// A coupon code is a discount anyone holding it can spend: it must not be
// computable from the two customers' ids alone (seed 0), only with the shop's secret seed.
TEST_CASE("referrals: the referrer's coupon is made with the shop's secret seed", "[referral]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "refer-coupon");
  test::Server srv(db);
  auto c = srv.client();
  auto prog = test::fixture_program();
  prog["referral"]["referrer"] = {{"kind", "fixed_discount"}, {"amount", 500}};
  REQUIRE(test::put_program(c, shop, prog)->status / 100 == 2);
  give_points(c, shop, "referrer", 10, "P-1");
  auto me = json::parse(c.Get(me_path(shop).c_str(), test::shopper_headers(shop, "referrer"))->body);
  json created = {{"customer", "friend"}, {"id", "signup-friend"}, {"type", "customer_created"}, {"at", test::now() - 5},
                  {"profile", {{"referred_by", me["referral"]["code"]}}}};
  REQUIRE(test::post_event(c, shop, created)->status == 200);
  give_points(c, shop, "friend", 20, "F-1");
  std::string code;
  for (const auto& e : test::ledger(c, shop, "referrer"))
    if (e.value("type", "") == "referral") code = e.value("code", "");
  REQUIRE_FALSE(code.empty());
  CHECK(code != loyalty::make_coupon_code(0, "referrer:referrer:friend"));
}

TEST_CASE("tick: pending points mature once, with two servers ticking at once", "[tick]") {
  const std::string db = test::fresh_db();
  auto prog = json::parse(test::read_file(test::fixture("program.json")));
  prog["lifecycle"] = {{"pending_days", 1}};
  const std::string file = "/tmp/loyalty-tick-program-" + std::to_string(test::now()) + ".json";
  std::ofstream(file) << prog.dump();
  auto shop = test::create_shop(db, "tick", file);
  {
    test::Server now_srv(db);
    auto c = now_srv.client();
    for (int i = 0; i < 5; ++i) give_points(c, shop, "t" + std::to_string(i), 100, "T-" + std::to_string(i));
    auto me = json::parse(c.Get(me_path(shop).c_str(), test::shopper_headers(shop, "t0"))->body);
    CHECK(me["state"]["pending"] == 100);
    CHECK(me["state"]["balance"] == 0);
  }
  // Two days later, two servers tick concurrently.
  test::Server a(db, {"--clock-offset", "172800"});
  test::Server b(db, {"--clock-offset", "172800"});
  std::vector<std::thread> ts;
  std::atomic<int> ok{0};
  for (test::Server* s : {&a, &b, &a, &b})
    ts.emplace_back([&, s] {
      auto c = s->client();
      auto r = c.Post(("/api/v1/admin/shops/" + shop.id + "/tick").c_str(), test::admin_headers(shop), "", "application/json");
      if (r && r->status == 200) ++ok;
    });
  for (auto& t : ts) t.join();
  CHECK(ok == 4);
  auto c = a.client();
  for (int i = 0; i < 5; ++i) {
    auto entries = test::ledger(c, shop, "t" + std::to_string(i));
    int matures = 0;
    for (auto& e : entries) matures += e["type"] == "mature";
    CHECK(matures == 1);
    CHECK(test::balance(c, shop, "t" + std::to_string(i)) == 100);
  }
}

TEST_CASE("operations: healthz, metrics, unknown routes, graceful stop", "[ops]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "ops");
  test::Server srv(db);
  auto c = srv.client();
  auto h = c.Get("/healthz");
  REQUIRE(h);
  CHECK(h->status == 200);
  CHECK(json::parse(h->body)["ok"] == true);
  give_points(c, shop, "o1", 10, "OP-1");
  // The access log and metrics are recorded just after the answer is sent.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto m = c.Get("/metrics");
  REQUIRE(m);
  CHECK(m->body.find("loyalty_http_requests_total{route=\"webhook_generic\",status=\"200\"} 1") != std::string::npos);
  CHECK(m->body.find("loyalty_webhooks_total{outcome=\"applied\"} 1") != std::string::npos);
  CHECK(m->body.find("# TYPE loyalty_http_request_duration_seconds histogram") != std::string::npos);
  auto nf = c.Get("/nope");
  REQUIRE(nf);
  CHECK(nf->status == 404);
  CHECK(json::parse(nf->body).contains("error"));
  // SIGTERM with requests in flight: they finish, the process exits 0.
  std::vector<std::thread> ts;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i)
    ts.emplace_back([&, i] {
      auto cc = srv.client();
      auto r = test::post_event(cc, shop, test::order_event("o2", "OP-S" + std::to_string(i), 100));
      if (r && r->status == 200) ++answered;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  srv.terminate();
  for (auto& t : ts) t.join();
  CHECK(srv.exit_code() == 0);
  // Whatever was answered 200 is in the ledger.
  test::Server again(db);
  auto c2 = again.client();
  CHECK(static_cast<int>(test::ledger(c2, shop, "o2").size()) == answered.load());
}
