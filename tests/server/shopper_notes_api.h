// The shopper's notes routes as the notes tests call them: /me's notes, a
// dismissal, an order that must be applied.
#pragma once
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "harness.h"

namespace test {

inline std::string me_path(const Shop& s) { return "/api/v1/shops/" + s.id + "/me"; }
inline std::string dismiss_path(const Shop& s) { return "/api/v1/shops/" + s.id + "/me/notes/dismiss"; }

inline json notes(httplib::Client& c, const Shop& s, const std::string& customer, std::int64_t ttl = 3600) {
  auto r = c.Get(me_path(s).c_str(), shopper_headers(s, customer, ttl));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const json me = json::parse(r->body);
  REQUIRE(me.contains("notes"));
  return me["notes"];
}

inline httplib::Result dismiss(httplib::Client& c, const Shop& s, const std::string& customer, const json& body,
                               std::int64_t ttl = 3600) {
  return c.Post(dismiss_path(s).c_str(), shopper_headers(s, customer, ttl), body.dump(), "application/json");
}

inline json ids_of(const json& list) {
  json ids = json::array();
  for (const auto& n : list) ids.push_back(n["id"]);
  return ids;
}

inline void order(httplib::Client& c, const Shop& s, const std::string& customer, const std::string& id, std::int64_t amount) {
  auto r = post_event(c, s, order_event(customer, id, amount));
  REQUIRE(r);
  REQUIRE(r->status == 200);
}

}  // namespace test
