// Outgoing notifications: written to the outbox with the ledger entries that
// caused them, delivered signed to the shop's receivers, retried with backoff,
// exactly once to a receiver that fails for a while, also across kill -9.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include <unistd.h>

#include "auth/outgoing_signature.h"
#include "harness.h"
#include "notification_api.h"
#include "receiver.h"

using test::add_receiver;
using test::json;
using test::notifications;
using test::order_at;
using test::Registered;
using test::tick;

namespace {

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Every accepted delivery is signed with the receiver's secret over its timestamp and raw body.
void check_signed(const std::vector<test::Received>& got, const std::string& secret) {
  for (const auto& g : got) {
    CHECK(loyalty::server::verify_outgoing(secret, g.header("X-Loyalty-Timestamp"), g.header("X-Loyalty-Signature"), g.body,
                                           test::now()));
    CHECK(g.header("X-Loyalty-Notification-Id") == json::parse(g.body)["id"]);
    CHECK(g.header("X-Loyalty-Notification-Type") == json::parse(g.body)["type"]);
  }
}

std::map<std::string, int> count_by_id(const std::vector<test::Received>& got) {
  std::map<std::string, int> n;
  for (const auto& g : got) ++n[json::parse(g.body)["id"].get<std::string>()];
  return n;
}

const std::vector<std::string> kFastRetries = {"--quiet", "--delivery-interval-ms", "20", "--delivery-backoff-ms", "100",
                                               "--delivery-backoff-cap-ms", "400"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("notifications: a receiver that fails for a while, then recovers, gets each notification exactly once", "[notifications]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify");
  test::Receiver rx;
  rx.fail(true);
  test::Server srv(db, kFastRetries);
  auto c = srv.client();
  const Registered reg = add_receiver(c, shop, rx.url());
  // 120 points: earned, and both 100-point rewards (five-off, dollars) are now affordable.
  auto r = test::post_event(c, shop, test::order_event("ana", "N-1", 12000));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  sleep_ms(1500);
  CHECK(rx.attempts() >= 3);  // retried, backing off
  CHECK(rx.accepted().empty());
  rx.fail(false);
  REQUIRE(rx.wait_for([](const auto& got) { return got.size() >= 3; }));
  sleep_ms(1000);  // many more passes of the worker: nothing is sent again
  const auto got = rx.accepted();
  REQUIRE(got.size() == 3);
  check_signed(got, reg.secret);
  std::multiset<std::string> types, unlocked;
  for (const auto& g : got) {
    json b = json::parse(g.body);
    types.insert(b["type"].get<std::string>());
    CHECK(b["customer_id"] == "ana");
    CHECK(b["shop"] == shop.id);
    if (b["type"] == "points_earned") {
      CHECK(b["points"] == 120);
      CHECK(b["order_id"] == "N-1");
    }
    if (b["type"] == "reward_unlocked") unlocked.insert(b["reward_id"].get<std::string>());
  }
  CHECK(types == std::multiset<std::string>{"points_earned", "reward_unlocked", "reward_unlocked"});
  CHECK(unlocked == std::multiset<std::string>{"dollars", "five-off"});
  for (const auto& n : notifications(c, shop, "ana")) {
    REQUIRE(n["deliveries"].size() == 1);
    CHECK(n["deliveries"][0]["status"] == "delivered");
    CHECK(n["deliveries"][0]["attempts"].get<int>() >= 3);
  }
  // The webhook's retry is a duplicate: no new notification either.
  auto again = test::post_event(c, shop, test::order_event("ana", "N-1", 12000));
  REQUIRE(again);
  CHECK(json::parse(again->body)["status"] == "duplicate");
  sleep_ms(300);
  CHECK(rx.accepted().size() == 3);
  CHECK(notifications(c, shop, "ana").size() == 3);
}

TEST_CASE("notifications: kill -9 between the ledger write and the delivery; each is delivered once after the restart", "[notifications]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify-crash");
  test::Receiver rx;
  Registered reg;
  std::vector<std::string> customers = {"c1", "c2", "c3"};
  {
    // Deliveries off: the crash comes after every write and before any delivery.
    test::Server before(db, {"--quiet", "--delivery-interval-ms", "0"});
    auto c = before.client();
    reg = add_receiver(c, shop, rx.url());
    for (size_t i = 0; i < customers.size(); ++i) {
      auto r = test::post_event(c, shop, test::order_event(customers[i], "K-" + std::to_string(i), 12000));
      REQUIRE(r);
      REQUIRE(r->status == 200);
    }
    for (const auto& id : customers) {
      json n = notifications(c, shop, id);
      REQUIRE(n.size() == 3);
      for (const auto& x : n) CHECK(x["deliveries"][0]["status"] == "pending");
    }
    before.kill9();
  }
  CHECK(rx.attempts() == 0);
  rx.fail(true);  // and the receiver is down for a while after the restart too
  test::Server after(db, kFastRetries);
  auto c = after.client();
  sleep_ms(600);
  rx.fail(false);
  REQUIRE(rx.wait_for([](const auto& got) { return got.size() >= 9; }));
  sleep_ms(1000);
  const auto got = rx.accepted();
  CHECK(got.size() == 9);
  for (const auto& [id, k] : count_by_id(got)) CHECK(k == 1);
  CHECK(count_by_id(got).size() == 9);
  check_signed(got, reg.secret);
  for (const auto& id : customers) CHECK(test::ledger(c, shop, id).size() == 1);
}

TEST_CASE("notifications: a delivery that keeps failing is dead, listed, and delivered once when replayed", "[notifications]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify-dead");
  test::Receiver rx;
  rx.fail(true);
  test::Server srv(db, with(kFastRetries, {"--delivery-max-attempts", "3"}));
  auto c = srv.client();
  add_receiver(c, shop, rx.url());
  REQUIRE(test::post_event(c, shop, test::order_event("bo", "D-1", 6000))->status == 200);
  const std::string dead_path = "/api/v1/admin/shops/" + shop.id + "/notifications/dead";
  json dead;
  for (int i = 0; i < 200; ++i) {
    dead = json::parse(c.Get(dead_path.c_str(), test::admin_headers(shop))->body)["dead"];
    if (!dead.empty()) break;
    sleep_ms(20);
  }
  REQUIRE(dead.size() == 1);
  CHECK(rx.attempts() == 3);
  CHECK(dead[0]["attempts"] == 3);
  CHECK(dead[0]["last_error"] == "HTTP 503");
  CHECK(dead[0]["type"] == "points_earned");
  sleep_ms(500);
  CHECK(rx.attempts() == 3);  // dead: no more attempts

  rx.fail(false);
  const std::string replay = "/api/v1/admin/shops/" + shop.id + "/notifications/" + std::to_string(dead[0]["notification"].get<std::int64_t>()) +
                             "/deliveries/" + std::to_string(dead[0]["receiver"].get<std::int64_t>()) + "/replay";
  auto r = c.Post(replay.c_str(), test::admin_headers(shop), "", "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  REQUIRE(rx.wait_for([](const auto& got) { return got.size() >= 1; }));
  sleep_ms(500);
  CHECK(rx.accepted().size() == 1);
  CHECK(json::parse(c.Get(dead_path.c_str(), test::admin_headers(shop))->body)["dead"].empty());
  // Replaying what is not dead: 404, nothing sent.
  r = c.Post(replay.c_str(), test::admin_headers(shop), "", "application/json");
  REQUIRE(r);
  CHECK(r->status == 404);
  // Another shop's key cannot see or replay this shop's dead letters.
  auto other = test::create_shop(db, "notify-other");
  CHECK(c.Get(dead_path.c_str(), test::admin_headers(other))->status == 401);
}

TEST_CASE("notifications: receivers are validated and listed without their secret", "[notifications]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify-rx");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  const std::string path = "/api/v1/admin/shops/" + shop.id + "/receivers";
  for (const char* bad : {"ftp://x.example/hook", "http://", "http://user@x.example/", "http://x.example/a b", "x"}) {
    auto r = c.Post(path.c_str(), test::admin_headers(shop), json{{"url", bad}}.dump(), "application/json");
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(json::parse(r->body)["field"] == "/url");
  }
  auto short_secret = c.Post(path.c_str(), test::admin_headers(shop), json{{"url", "http://x.example/h"}, {"secret", "short"}}.dump(),
                             "application/json");
  CHECK(short_secret->status == 422);
  const Registered reg = add_receiver(c, shop, "http://127.0.0.1:9/hook");
  CHECK(reg.secret.size() == 64);
  auto list = json::parse(c.Get(path.c_str(), test::admin_headers(shop))->body)["receivers"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["url"] == "http://127.0.0.1:9/hook");
  CHECK_FALSE(list[0].contains("secret"));
  CHECK(c.Delete((path + "/" + std::to_string(reg.id)).c_str(), test::admin_headers(shop))->status == 200);
  CHECK(c.Delete((path + "/" + std::to_string(reg.id)).c_str(), test::admin_headers(shop))->status == 404);
  CHECK(json::parse(c.Get(path.c_str(), test::admin_headers(shop))->body)["receivers"].empty());
}

TEST_CASE("notifications: an expiring-points notice goes out exactly once per batch of expiring points", "[notifications]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify-expiry");
  test::Receiver rx;
  Registered reg;
  const std::int64_t t0 = test::now();
  // Serves at t0 + `days`; each look is a restart with the clock moved on.
  auto at_day = [&](int days, const std::function<void(httplib::Client&)>& fn) {
    test::Server srv(db, with(kFastRetries, {"--clock-offset", std::to_string(days * 86400)}));
    auto c = srv.client();
    fn(c);
    sleep_ms(300);  // the worker's passes
    srv.terminate();
  };
  at_day(0, [&](httplib::Client& c) {
    json program = test::fixture_program();
    program["lifecycle"] = {{"expiry", "after_earning"}, {"expiry_days", 30}, {"expiry_notice_days", 7}};
    REQUIRE(test::put_program(c, shop, program)->status == 200);
    reg = add_receiver(c, shop, rx.url());
    REQUIRE(test::post_event(c, shop, order_at("eve", "E-1", 4000, t0))->status == 200);
  });
  at_day(2, [&](httplib::Client& c) { REQUIRE(test::post_event(c, shop, order_at("eve", "E-2", 3000, t0 + 2 * 86400))->status == 200); });
  auto expiring = [&] {
    std::vector<json> out;
    for (const auto& g : rx.accepted())
      if (json::parse(g.body)["type"] == "points_expiring") out.push_back(json::parse(g.body));
    return out;
  };
  at_day(22, [&](httplib::Client& c) { tick(c, shop); });
  CHECK(expiring().empty());  // 8 days before: not yet
  // The first batch's notice, 7 days before it expires; ticking again, here
  // or on another server, adds nothing.
  at_day(23, [&](httplib::Client& c) {
    tick(c, shop);
    tick(c, shop);
  });
  at_day(24, [&](httplib::Client& c) { tick(c, shop); });
  REQUIRE(rx.wait_for([&](const auto&) { return expiring().size() >= 1; }));
  REQUIRE(expiring().size() == 1);
  CHECK(expiring()[0]["points"] == 40);
  // The second batch (expiring on day 32) is told on day 25, once.
  at_day(25, [&](httplib::Client& c) { tick(c, shop); });
  at_day(26, [&](httplib::Client& c) {
    tick(c, shop);
    json n = notifications(c, shop, "eve");
    int stored = 0;
    for (const auto& x : n) stored += x["type"] == "points_expiring";
    CHECK(stored == 2);
  });
  REQUIRE(rx.wait_for([&](const auto&) { return expiring().size() >= 2; }));
  const auto got = expiring();
  REQUIRE(got.size() == 2);
  CHECK(got[1]["points"] == 30);
  CHECK(got[0]["expires_at"] != got[1]["expires_at"]);
  check_signed(rx.accepted(), reg.secret);
  for (const auto& [id, k] : count_by_id(rx.accepted())) CHECK(k == 1);
}

TEST_CASE("notifications: a churned customer is offered win-back once per lapse", "[notifications][win_back]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify-winback");
  test::Receiver rx;
  const std::int64_t t0 = test::now();
  auto at_day = [&](int days, const std::function<void(httplib::Client&)>& fn) {
    test::Server srv(db, with(kFastRetries, {"--clock-offset", std::to_string(days * 86400)}));
    auto c = srv.client();
    fn(c);
    sleep_ms(300);
    srv.terminate();
  };
  auto offers = [&] {
    std::vector<json> out;
    for (const auto& g : rx.accepted())
      if (json::parse(g.body)["type"] == "win_back_offer") out.push_back(json::parse(g.body));
    return out;
  };
  at_day(0, [&](httplib::Client& c) {
    json program = test::fixture_program();
    program["churn_days"] = 60;
    program["win_back"] = {{"valid_days", 14}, {"bonus_points", 200}};
    REQUIRE(test::put_program(c, shop, program)->status == 200);
    add_receiver(c, shop, rx.url());
    REQUIRE(test::post_event(c, shop, order_at("wes", "W-1", 1000, t0))->status == 200);
  });
  at_day(59, [&](httplib::Client& c) { tick(c, shop); });
  CHECK(offers().empty());
  at_day(61, [&](httplib::Client& c) {
    tick(c, shop);
    tick(c, shop);
  });
  at_day(65, [&](httplib::Client& c) { tick(c, shop); });
  REQUIRE(rx.wait_for([&](const auto&) { return !offers().empty(); }));
  REQUIRE(offers().size() == 1);
  CHECK(offers()[0]["offer"]["bonus_points"] == 200);
  CHECK(offers()[0]["customer_id"] == "wes");
  // Back on day 70; lapsed again from day 130: a second offer, once.
  at_day(70, [&](httplib::Client& c) { REQUIRE(test::post_event(c, shop, order_at("wes", "W-2", 1000, t0 + 70 * 86400))->status == 200); });
  at_day(100, [&](httplib::Client& c) { tick(c, shop); });
  CHECK(offers().size() == 1);
  at_day(131, [&](httplib::Client& c) { tick(c, shop); });
  at_day(132, [&](httplib::Client& c) { tick(c, shop); });
  REQUIRE(rx.wait_for([&](const auto&) { return offers().size() >= 2; }));
  CHECK(offers().size() == 2);
  CHECK(offers()[0]["id"] != offers()[1]["id"]);
}

namespace {
// The ```js block of server/README.md that starts with "// verify-notification.mjs".
std::string readme_verifier() {
  const std::string readme = test::read_file(std::string(LOYALTY_SOURCE_DIR) + "/server/README.md");
  const std::string open = "```js\n// verify-notification.mjs\n";
  const size_t start = readme.find(open);
  REQUIRE(start != std::string::npos);
  const size_t end = readme.find("```", start + open.size());
  REQUIRE(end != std::string::npos);
  return readme.substr(start + 6, end - start - 6);
}

void write(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}
}  // namespace

TEST_CASE("notifications: the README's verification example accepts a real delivery and refuses a changed one", "[notifications]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify-verify");
  test::Receiver rx;
  test::Server srv(db, kFastRetries);
  auto c = srv.client();
  const Registered reg = add_receiver(c, shop, rx.url());
  REQUIRE(test::post_event(c, shop, test::order_event("vic", "V-1", 6000))->status == 200);
  REQUIRE(rx.wait_for([](const auto& got) { return !got.empty(); }));
  const test::Received got = rx.accepted()[0];

  const std::string dir = "/tmp/loyalty-verify-" + std::to_string(::getpid());
  REQUIRE(std::system(("mkdir -p " + dir).c_str()) == 0);
  write(dir + "/verify-notification.mjs", readme_verifier());
  write(dir + "/run.mjs",
        "import fs from 'node:fs';\n"
        "import { verifyNotification } from './verify-notification.mjs';\n"
        "const [secret, ts, sig, bodyFile] = process.argv.slice(2);\n"
        "const ok = verifyNotification(secret, {'x-loyalty-timestamp': ts, 'x-loyalty-signature': sig}, fs.readFileSync(bodyFile));\n"
        "process.exit(ok ? 0 : 1);\n");
  auto verify = [&](const std::string& secret, const std::string& ts, const std::string& body) {
    write(dir + "/body", body);
    const std::string cmd = "node " + dir + "/run.mjs '" + secret + "' '" + ts + "' '" + got.header("X-Loyalty-Signature") + "' " +
                            dir + "/body";
    return std::system(cmd.c_str()) == 0;
  };
  CHECK(verify(reg.secret, got.header("X-Loyalty-Timestamp"), got.body));
  CHECK_FALSE(verify(reg.secret, got.header("X-Loyalty-Timestamp"), got.body + " "));
  CHECK_FALSE(verify("0000000000000000", got.header("X-Loyalty-Timestamp"), got.body));
  CHECK_FALSE(verify(reg.secret, std::to_string(std::stoll(got.header("X-Loyalty-Timestamp")) - 1), got.body));
  CHECK_FALSE(verify(reg.secret, std::to_string(std::stoll(got.header("X-Loyalty-Timestamp")) - 600), got.body));
  std::system(("rm -rf " + dir).c_str());
}
