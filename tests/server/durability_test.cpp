// kill -9 during a load of signed webhooks: every event acknowledged with a
// 2xx is there after a restart, and nothing is there twice.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "harness.h"

using test::json;

TEST_CASE("durability: kill -9 under webhook load loses no acknowledged event and duplicates none", "[durability]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "crash");
  test::Server srv(db, {"--quiet"});
  std::mutex mu;
  std::set<std::string> acked;
  std::vector<json> sent;
  std::atomic<bool> stop{false};
  std::vector<std::thread> senders;
  for (int t = 0; t < 6; ++t)
    senders.emplace_back([&, t] {
      auto c = srv.client();
      c.set_read_timeout(5, 0);
      for (int i = 0; !stop; ++i) {
        const std::string order = "K-" + std::to_string(t) + "-" + std::to_string(i);
        json ev = test::order_event("cust-" + std::to_string(i % 17), order, 1000 + i);
        {
          std::lock_guard<std::mutex> lock(mu);
          sent.push_back(ev);
        }
        auto r = test::post_event(c, shop, ev);
        if (!r) break;  // the server is gone
        if (r->status == 200) {
          std::lock_guard<std::mutex> lock(mu);
          acked.insert(order);
        }
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  srv.kill9();
  stop = true;
  for (auto& t : senders) t.join();
  REQUIRE(acked.size() > 20);

  test::Server after(db, {"--quiet"});
  auto c = after.client();
  auto count_orders = [&] {
    std::map<std::string, int> n;
    for (int k = 0; k < 17; ++k)
      for (auto& e : test::ledger(c, shop, "cust-" + std::to_string(k)))
        if (e["type"] == "earn") ++n[e["order_id"].get<std::string>()];
    return n;
  };
  auto n = count_orders();
  for (const auto& o : acked) CHECK(n[o] == 1);
  for (const auto& [o, k] : n) CHECK(k == 1);
  // The platform retries everything it sent (acknowledged or not): each order ends up exactly once.
  for (const auto& ev : sent) {
    auto r = test::post_event(c, shop, ev);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  auto m = count_orders();
  CHECK(m.size() == sent.size());
  for (const auto& [o, k] : m) CHECK(k == 1);
}
