// A notification is stored for the receivers registered when it is written:
// a shop without any stores none (nothing would ever deliver it), and the
// order webhooks of the many shops that never register one write no outbox row.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "notification_api.h"
#include "receiver.h"

using test::json;

TEST_CASE("notifications: a shop without receivers stores none; a receiver gets what is written while it is registered", "[notifications]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify-none");
  test::Receiver rx;
  test::Server srv(db, {"--quiet", "--delivery-interval-ms", "20"});
  auto c = srv.client();
  // 120 points, both 100-point rewards unlocked: three notices, and no receiver for them.
  REQUIRE(test::post_event(c, shop, test::order_event("nia", "R-1", 12000))->status == 200);
  CHECK(test::balance(c, shop, "nia") == 120);
  CHECK(test::notifications(c, shop, "nia").empty());

  const test::Registered reg = test::add_receiver(c, shop, rx.url());
  REQUIRE(test::post_event(c, shop, test::order_event("nia", "R-2", 1000))->status == 200);
  REQUIRE(rx.wait_for([](const auto& got) { return !got.empty(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // many passes of the worker: nothing else is sent
  const auto got = rx.accepted();
  REQUIRE(got.size() == 1);
  const json body = json::parse(got[0].body);
  CHECK(body["type"] == "points_earned");
  CHECK(body["order_id"] == "R-2");
  CHECK(body["points"] == 10);
  CHECK(body["balance"] == 130);
  const json listed = test::notifications(c, shop, "nia");
  REQUIRE(listed.size() == 1);
  REQUIRE(listed[0]["deliveries"].size() == 1);
  CHECK(listed[0]["deliveries"][0]["receiver"] == reg.id);
  CHECK(listed[0]["deliveries"][0]["status"] == "delivered");

  // Its receiver removed, the shop has none again: the next order stores nothing.
  auto removed = c.Delete(("/api/v1/admin/shops/" + shop.id + "/receivers/" + std::to_string(reg.id)).c_str(), test::admin_headers(shop));
  REQUIRE(removed);
  REQUIRE(removed->status == 200);
  REQUIRE(test::post_event(c, shop, test::order_event("nia", "R-3", 1000))->status == 200);
  CHECK(test::balance(c, shop, "nia") == 140);
  CHECK(test::notifications(c, shop, "nia").size() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(rx.accepted().size() == 1);
}

TEST_CASE("notifications: points in their notice window when the first receiver is added are told at the next tick, once", "[notifications]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notify-late");
  test::Receiver rx;
  const std::int64_t t0 = test::now();
  auto at_day = [&](int days, const std::function<void(httplib::Client&)>& fn) {
    test::Server srv(db, {"--quiet", "--delivery-interval-ms", "20", "--clock-offset", std::to_string(days * 86400)});
    auto c = srv.client();
    fn(c);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the worker's passes
    srv.terminate();
  };
  auto expiring = [&] {
    std::vector<json> out;
    for (const auto& g : rx.accepted())
      if (json::parse(g.body)["type"] == "points_expiring") out.push_back(json::parse(g.body));
    return out;
  };
  at_day(0, [&](httplib::Client& c) {
    json program = test::fixture_program();
    program["lifecycle"] = {{"expiry", "after_earning"}, {"expiry_days", 30}, {"expiry_notice_days", 7}};
    REQUIRE(test::put_program(c, shop, program)->status == 200);
    REQUIRE(test::post_event(c, shop, test::order_at("ivy", "L-1", 4000, t0))->status == 200);
  });
  // Day 24: the 40 points expire on day 30, so the notice is due; no receiver yet.
  at_day(24, [&](httplib::Client& c) {
    test::tick(c, shop);
    CHECK(test::notifications(c, shop, "ivy").empty());
    test::add_receiver(c, shop, rx.url());
  });
  at_day(25, [&](httplib::Client& c) {
    test::tick(c, shop);
    test::tick(c, shop);
  });
  REQUIRE(rx.wait_for([&](const auto&) { return !expiring().empty(); }));
  at_day(26, [&](httplib::Client& c) { test::tick(c, shop); });
  const auto got = expiring();
  REQUIRE(got.size() == 1);
  CHECK(got[0]["points"] == 40);
  CHECK(got[0]["customer_id"] == "ivy");
}
