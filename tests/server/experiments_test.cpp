// A/B tests of showing points over real HTTP: the merchant's experiment API,
// the widget's exposure beacon (text/plain JSON, as navigator.sendBeacon sends
// it), order attribution from webhooks, and the analytics report.
#include <catch2/catch.hpp>

#include "auth/identity.h"
#include "harness.h"
#include "loyalty/experiment.h"

using test::json;

namespace {

std::string admin_path(const test::Shop& s, const std::string& rest = "") {
  return "/api/v1/admin/shops/" + s.id + "/experiments" + rest;
}
std::string beacon_path(const test::Shop& s) { return "/api/v1/shops/" + s.id + "/experiments/exposures"; }

json definition(const std::string& id, std::int64_t starts, std::int64_t ends, int split = 5000) {
  return {{"id", id}, {"shown_basis_points", split}, {"starts_at", starts}, {"ends_at", ends},
          {"minimum_effect_basis_points", 200}};
}

httplib::Result create(httplib::Client& c, const test::Shop& s, const json& body) {
  return c.Post(admin_path(s).c_str(), test::admin_headers(s), body.dump(), "application/json");
}

std::string variant(const std::string& experiment, const std::string& who, int split = 5000) {
  return loyalty::variant_name(loyalty::assign_variant(experiment, who, split));
}

// What navigator.sendBeacon sends: a text/plain body, no custom headers.
httplib::Result beacon(httplib::Client& c, const test::Shop& s, const json& body, httplib::Headers h = {}) {
  return c.Post(beacon_path(s).c_str(), h, body.dump(), "text/plain;charset=UTF-8");
}

json visitor_beacon(const std::string& visitor, const std::string& experiment, const std::string& v) {
  return {{"visitor", visitor}, {"exposures", {{{"experiment", experiment}, {"variant", v}}}}};
}

json customer_beacon(const test::Shop& s, const std::string& customer, const std::string& experiment) {
  return {{"customer", customer},
          {"signature", loyalty::server::sign_shopper(s.secret, s.id, customer, test::now() + 3600)},
          {"exposures", {{{"experiment", experiment}, {"variant", variant(experiment, customer)}}}}};
}

json analytics(httplib::Client& c, const test::Shop& s, const std::string& id) {
  auto r = c.Get(admin_path(s, "/" + id + "/analytics").c_str(), test::admin_headers(s));
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

void refused(const httplib::Result& r, int status, const std::string& field) {
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == status);
  CHECK(json::parse(r->body).value("field", "") == field);
}

}  // namespace

TEST_CASE("experiments: the merchant creates, starts and ends one; bad input is refused naming the field", "[experiments]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "exp-admin");
  test::Server srv(db);
  auto c = srv.client();
  const std::int64_t t = test::now();

  refused(create(c, shop, {{"shown_basis_points", 5000}}), 422, "/id");
  refused(create(c, shop, definition("a", t + 100, t + 200, 10001)), 422, "/shown_basis_points");
  refused(create(c, shop, definition("a", t + 100, t + 200, -1)), 422, "/shown_basis_points");
  refused(create(c, shop, definition("a", t + 200, t + 100)), 422, "/ends_at");
  refused(create(c, shop, definition("a", t - 200, t - 100)), 422, "/ends_at");
  json no_effect = definition("a", t + 100, t + 200);
  no_effect["minimum_effect_basis_points"] = 0;
  refused(create(c, shop, no_effect), 422, "/minimum_effect_basis_points");
  json extra = definition("a", t + 100, t + 200);
  extra["colour"] = "red";
  refused(create(c, shop, extra), 422, "/colour");
  json fraction = definition("a", t + 100, t + 200);
  fraction["starts_at"] = 1.5;
  refused(create(c, shop, fraction), 422, "/starts_at");
  auto not_json = c.Post(admin_path(shop).c_str(), test::admin_headers(shop), "{", "application/json");
  REQUIRE(not_json);
  CHECK(not_json->status == 400);
  auto no_key = c.Post(admin_path(shop).c_str(), definition("a", t + 100, t + 200).dump(), "application/json");
  REQUIRE(no_key);
  CHECK(no_key->status == 401);
  CHECK(json::parse(c.Get(admin_path(shop).c_str(), test::admin_headers(shop))->body)["experiments"].empty());

  auto made = create(c, shop, definition("points-on-product", t + 3600, t + 7200));
  REQUIRE(made);
  CHECK(made->status == 201);
  CHECK(json::parse(made->body)["status"] == "scheduled");
  CHECK(create(c, shop, definition("points-on-product", t + 3600, t + 7200))->status == 200);  // the same again
  refused(create(c, shop, definition("points-on-product", t + 3600, t + 9000)), 409, "/id");

  const std::string pub = "/api/v1/shops/" + shop.id + "/experiments";
  CHECK(json::parse(c.Get(pub.c_str())->body)["experiments"].empty());  // scheduled: the widget shows nothing yet
  auto started = c.Post(admin_path(shop, "/points-on-product/start").c_str(), test::admin_headers(shop), "", "text/plain");
  REQUIRE(started);
  CHECK(started->status == 200);
  CHECK(json::parse(started->body)["status"] == "running");
  auto listed = json::parse(c.Get(pub.c_str())->body)["experiments"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["id"] == "points-on-product");
  CHECK(listed[0]["shown_basis_points"] == 5000);

  auto ended = c.Post(admin_path(shop, "/points-on-product/end").c_str(), test::admin_headers(shop), "", "text/plain");
  REQUIRE(ended);
  CHECK(json::parse(ended->body)["status"] == "ended");
  CHECK(json::parse(c.Get(pub.c_str())->body)["experiments"].empty());
  refused(c.Post(admin_path(shop, "/points-on-product/start").c_str(), test::admin_headers(shop), "", "text/plain"), 409, "");
  CHECK(c.Post(admin_path(shop, "/nope/end").c_str(), test::admin_headers(shop), "", "text/plain")->status == 404);
  CHECK(c.Get(admin_path(shop, "/nope/analytics").c_str(), test::admin_headers(shop))->status == 404);
}

TEST_CASE("experiments: exposures are the core's variant, once per visitor, validated, rate limited", "[experiments]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "exp-beacon");
  auto other = test::create_shop(db, "exp-other");
  test::Server srv(db, {"--exposures-per-minute", "7"});
  auto c = srv.client();
  const std::int64_t t = test::now();
  REQUIRE(create(c, shop, definition("pts", t - 10, t + 3600))->status == 201);
  REQUIRE(create(c, shop, definition("later", t + 3600, t + 7200))->status == 201);

  auto first = beacon(c, shop, visitor_beacon("v-1", "pts", variant("pts", "v-1")), {{"Origin", shop.origin}});
  REQUIRE(first);
  INFO(first->body);
  CHECK(first->status == 200);
  CHECK(first->get_header_value("Access-Control-Allow-Origin") == shop.origin);
  CHECK(json::parse(first->body)["recorded"] == 1);
  CHECK(json::parse(beacon(c, shop, visitor_beacon("v-1", "pts", variant("pts", "v-1")))->body)["duplicates"] == 1);
  // Not running yet: accepted, counts for nothing.
  CHECK(json::parse(beacon(c, shop, visitor_beacon("v-1", "later", variant("later", "v-1")))->body)["ignored"] == 1);

  // A batch with one bad exposure writes none of it.
  const std::string wrong = variant("pts", "v-2") == "shown" ? "hidden" : "shown";
  json mixed = {{"visitor", "v-2"},
                {"exposures", {{{"experiment", "pts"}, {"variant", variant("pts", "v-2")}}, {{"experiment", "pts"}, {"variant", wrong}}}}};
  refused(beacon(c, shop, mixed), 422, "/exposures/1/variant");
  refused(beacon(c, shop, visitor_beacon("v-2", "nope", "shown")), 422, "/exposures/0/experiment");
  refused(beacon(c, shop, {{"exposures", json::array({{{"experiment", "pts"}, {"variant", "shown"}}})}}), 422, "/visitor");
  refused(beacon(c, shop, {{"visitor", "v-2"}, {"exposures", json::array()}}), 422, "/exposures");
  refused(beacon(c, shop, {{"visitor", std::string(129, 'x')}, {"exposures", json::array()}}), 422, "/visitor");
  refused(beacon(c, shop, {{"visitor", "v-2"}, {"exposures", {{{"experiment", "pts"}, {"variant", "shown"}, {"at", 1}}}}}), 422,
          "/exposures/0/at");
  // A customer exposure needs the shop's signature for that customer.
  json unsigned_customer = customer_beacon(shop, "alice", "pts");
  unsigned_customer.erase("signature");
  refused(beacon(c, shop, unsigned_customer), 422, "/signature");
  json forged = customer_beacon(shop, "alice", "pts");
  forged["customer"] = "bob";
  refused(beacon(c, shop, forged), 422, "/signature");
  refused(beacon(c, other, customer_beacon(shop, "alice", "pts")), 422, "/signature");
  CHECK(beacon(c, shop, visitor_beacon("v-3", "pts", variant("pts", "v-3")), {{"Origin", "https://evil.example"}})->status == 403);
  auto nine = analytics(c, shop, "pts");
  CHECK(nine["hidden"]["visitors"].get<int>() + nine["shown"]["visitors"].get<int>() == 1);  // only v-1 so far

  auto signed_in = beacon(c, shop, customer_beacon(shop, "alice", "pts"));
  REQUIRE(signed_in);
  CHECK(json::parse(signed_in->body)["recorded"] == 1);
  auto a = analytics(c, shop, "pts");
  CHECK(a["hidden"]["visitors"].get<int>() + a["shown"]["visitors"].get<int>() == 2);
  CHECK(a[variant("pts", "alice")]["visitors"].get<int>() >= 1);
  // 7 beacons so far reached the limit (well-formed ones: a malformed or unsigned
  // one is refused before it); the limit is 7 a minute.
  auto limited = beacon(c, shop, visitor_beacon("v-4", "pts", variant("pts", "v-4")));
  REQUIRE(limited);
  CHECK(limited->status == 429);
}

TEST_CASE("experiments: orders of exposed customers count for their variant once; the report is the core's", "[experiments]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "exp-orders");
  // The server's clock runs 100 s behind: exposures are recorded before orders stamped now - 5.
  test::Server srv(db, {"--clock-offset", "-100", "--exposures-per-minute", "0"});
  auto c = srv.client();
  const std::int64_t t = test::now();
  REQUIRE(create(c, shop, definition("pts", t - 1000, t + 3600))->status == 201);

  std::map<std::string, std::int64_t> visitors, converted, orders, revenue;
  for (int i = 0; i < 40; ++i) {
    const std::string who = "cust-" + std::to_string(i);
    REQUIRE(beacon(c, shop, customer_beacon(shop, who, "pts"))->status == 200);
    ++visitors[variant("pts", who)];
  }
  for (int i = 0; i < 6; ++i) REQUIRE(beacon(c, shop, visitor_beacon("anon-" + std::to_string(i), "pts", variant("pts", "anon-" + std::to_string(i))))->status == 200);
  for (int i = 0; i < 6; ++i) ++visitors[variant("pts", "anon-" + std::to_string(i))];
  for (int i = 0; i < 40; i += 3) {
    const std::string who = "cust-" + std::to_string(i);
    const std::int64_t value = 1000 + 250 * i;
    for (int n = 0; n < 1 + i % 2; ++n) {  // some customers order twice
      REQUIRE(test::post_event(c, shop, test::order_event(who, "O" + std::to_string(i) + "-" + std::to_string(n), value))->status == 200);
      ++orders[variant("pts", who)];
      revenue[variant("pts", who)] += value;
    }
    ++converted[variant("pts", who)];
  }
  // A redelivered order, an order placed before the customer's exposure, and a
  // customer never exposed: none of them count.
  REQUIRE(test::post_event(c, shop, test::order_event("cust-0", "O0-0", 1000))->status == 200);
  json early = test::order_event("cust-1", "early", 99900);
  early["at"] = t - 500;
  REQUIRE(test::post_event(c, shop, early)->status == 200);
  REQUIRE(test::post_event(c, shop, test::order_event("stranger", "S1", 50000))->status == 200);

  const json a = analytics(c, shop, "pts");
  INFO(a.dump());
  for (const std::string v : {"hidden", "shown"}) {
    CHECK(a[v]["visitors"] == visitors[v]);
    CHECK(a[v]["converted"] == converted[v]);
    CHECK(a[v]["orders"] == orders[v]);
    CHECK(a[v]["revenue"] == revenue[v]);
  }
  const double rate_hidden = static_cast<double>(converted["hidden"]) / static_cast<double>(visitors["hidden"]);
  const double rate_shown = static_cast<double>(converted["shown"]) / static_cast<double>(visitors["shown"]);
  CHECK(a["conversion"]["difference"].get<double>() == Approx(rate_shown - rate_hidden));
  CHECK(a["conversion"]["low"].get<double>() < a["conversion"]["difference"].get<double>());
  CHECK(a["conversion"]["high"].get<double>() > a["conversion"]["difference"].get<double>());
  // Half up, exact minor units.
  CHECK(a["shown"]["average_order"] == (2 * revenue["shown"] + orders["shown"]) / (2 * orders["shown"]));
  CHECK(a["order_value"]["difference"].get<double>() ==
        Approx(static_cast<double>(revenue["shown"]) / orders["shown"] - static_cast<double>(revenue["hidden"]) / orders["hidden"]));
  CHECK(a["sample_size"]["needed_per_variant"].get<std::int64_t>() > 40);
  CHECK(a["sample_size"]["still_needed"].get<std::int64_t>() ==
        a["sample_size"]["needed_per_variant"].get<std::int64_t>() - std::min(visitors["hidden"], visitors["shown"]));
  CHECK(a["experiment"]["status"] == "running");
}
