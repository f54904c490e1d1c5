// Over real HTTP: referrals, time-driven work (two servers ticking at once) and
// operations (healthz, metrics, unknown routes, graceful stop).
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <thread>

#include "api_helpers.h"
#include "harness.h"
#include "loyalty/referral_code.h"

using test::json;
using namespace api_test;

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

// Issue 14: the core decides who referred whom; the server gives it the shop's
// code seed on every event (a generic sender does not know it).
TEST_CASE("referrals: a webhook naming the customer's own code awards no referral", "[referral]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "refer-self");
  test::Server srv(db);
  auto c = srv.client();
  const auto own_code = [&](const std::string& customer) {
    return json::parse(c.Get(me_path(shop).c_str(), test::shopper_headers(shop, customer))->body)["referral"]["code"].get<std::string>();
  };
  // A generic signup with one's own code is refused, naming the field, and writes nothing.
  json created = {{"customer", "selfie"}, {"id", "signup-selfie"}, {"type", "customer_created"}, {"at", test::now() - 5},
                  {"profile", {{"referred_by", own_code("selfie")}}}};
  auto cr = test::post_event(c, shop, created);
  REQUIRE(cr);
  CHECK(cr->status == 422);
  CHECK(cr->body.find("/referred_by") != std::string::npos);
  CHECK(test::ledger(c, shop, "selfie").empty());
  // A first order whose profile names one's own code earns its points and completes no referral.
  json order = test::order_event("loner", "L-1", 2000);
  order["profile"] = {{"referred_by", own_code("loner")}};
  auto paid = test::post_event(c, shop, order);
  REQUIRE(paid);
  CHECK(paid->status == 200);
  for (const auto& e : test::ledger(c, shop, "loner")) CHECK(e.value("type", "") != "referral");
  CHECK(test::balance(c, shop, "loner") == 20);
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
