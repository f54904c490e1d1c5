#include "api_helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

namespace api_test {

using test::json;

std::string me_path(const test::Shop& s) { return "/api/v1/shops/" + s.id + "/me"; }

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

}  // namespace api_test
