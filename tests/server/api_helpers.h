// Helpers shared by the api_*_test.cpp files (the shopper, merchant,
// concurrency, isolation and lifecycle cases over real HTTP).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "harness.h"

namespace api_test {

std::string me_path(const test::Shop& s);
// The merchant stores a program; what the widget is then served, once the
// program cache's second has passed.
test::json put_then_served(httplib::Client& c, const test::Shop& shop, const test::json& prog);
// A signed order of `dollars` for the customer, which must be answered 200.
void give_points(httplib::Client& c, const test::Shop& s, const std::string& customer, std::int64_t dollars, const std::string& order);
// Running balance over the ledger (oldest first) never dips below zero.
bool never_negative(std::vector<test::json> entries);
// 64 concurrent redemptions of "five-off" by one customer who can afford 10,
// spread over the given servers: exactly 10 codes, 54 refusals, nothing else.
void concurrent_redemptions(const std::vector<test::Server*>& servers, const test::Shop& shop, const std::string& customer);

}  // namespace api_test
