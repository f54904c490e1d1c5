// The merchant's routes as the notification tests call them: register a
// receiver, list a customer's notifications, run the time-driven work.
#pragma once
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "harness.h"

namespace test {

struct Registered {
  std::int64_t id = 0;
  std::string secret;
};

inline Registered add_receiver(httplib::Client& c, const Shop& s, const std::string& url) {
  auto r = c.Post(("/api/v1/admin/shops/" + s.id + "/receivers").c_str(), admin_headers(s), json{{"url", url}}.dump(),
                  "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 201);
  auto j = json::parse(r->body);
  return {j["id"].get<std::int64_t>(), j["secret"].get<std::string>()};
}

inline json notifications(httplib::Client& c, const Shop& s, const std::string& customer) {
  auto r = c.Get(("/api/v1/admin/shops/" + s.id + "/customers/" + customer + "/notifications").c_str(), admin_headers(s));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body)["notifications"];
}

inline void tick(httplib::Client& c, const Shop& s) {
  auto r = c.Post(("/api/v1/admin/shops/" + s.id + "/tick").c_str(), admin_headers(s), "", "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
}

// A generic order placed at `at` (epoch seconds).
inline json order_at(const std::string& customer, const std::string& order, std::int64_t amount, std::int64_t at) {
  json e = order_event(customer, order, amount);
  e["at"] = at;
  return e;
}

}  // namespace test
