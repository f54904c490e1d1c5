// A webhook's profile (issue 14: a typed ProfilePatch, no JSON merge): fields
// set, kept and cleared as the JSON merge did; a bad field answered 422 by its
// pointer, in the same place among the outcomes as before: after the delivery's
// dedupe (a redelivery answers duplicate), before the event's own duplicate check.
#include <catch2/catch.hpp>

#include "harness.h"
#include "raw_rows.h"

using test::json;

namespace {

json stored_profile(const std::string& db, const test::Shop& s, const std::string& who) {
  loyalty::server::Store store(db, 1);
  auto c = store.conn();
  const auto rows = c->query("SELECT profile FROM customers WHERE shop = ? AND id = ?", {s.id, who});
  REQUIRE(rows.size() == 1);
  return json::parse(rows[0][0]);
}

// Nothing written: not even the customer's row (the lock's insert rolled back).
std::size_t customer_rows(const std::string& db, const test::Shop& s, const std::string& who) {
  loyalty::server::Store store(db, 1);
  auto c = store.conn();
  return c->query("SELECT id FROM customers WHERE shop = ? AND id = ?", {s.id, who}).size();
}

httplib::Result post(httplib::Client& c, const test::Shop& s, const json& event, const std::string& delivery) {
  const std::string body = event.dump();
  return c.Post(("/webhooks/generic/" + s.id).c_str(),
                {{"X-Loyalty-Signature", test::hex_sig(s.secret, body)}, {"X-Loyalty-Delivery-Id", delivery}}, body,
                "application/json");
}

json with_profile(json event, const json& profile) {
  event["profile"] = profile;
  return event;
}

std::string status_of(const httplib::Result& r) { return json::parse(r->body).value("status", ""); }

}  // namespace

TEST_CASE("webhook profile: fields are set, kept and cleared as the merge did", "[webhooks][profile]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "profile-merge");
  test::Server srv(db);
  auto c = srv.client();
  const std::string who = "p-1";
  auto first = test::post_event(c, shop, with_profile(test::order_event(who, "P-1", 1000),
                                                      {{"email", "a@example.com"}, {"birthday", "1990-05-14"},
                                                       {"referred_by", "FRIEND1"}, {"devices", {"d1", 2}},
                                                       {"created_at", "2026-01-02T00:00:00Z"}, {"id", "not-me"},
                                                       {"first_name", "Ann"}}));
  REQUIRE(first);
  REQUIRE(first->status == 200);
  CHECK(stored_profile(db, shop, who) == json::parse(R"({"id":"p-1","email":"a@example.com","birthday":"1990-05-14",
      "referred_by":"FRIEND1","devices":["d1","2"],"created_at":1767312000})"));
  // null and empty clear; what the patch leaves out is kept; devices are replaced.
  auto second = test::post_event(c, shop, with_profile(test::order_event(who, "P-2", 1000),
                                                       {{"email", nullptr}, {"referred_by", ""}, {"devices", {"d9"}}}));
  REQUIRE(second);
  REQUIRE(second->status == 200);
  CHECK(stored_profile(db, shop, who) ==
        json::parse(R"({"id":"p-1","birthday":"1990-05-14","devices":["d9"],"created_at":1767312000})"));
}

TEST_CASE("webhook profile: a bad field is 422 naming it, and nothing is written", "[webhooks][profile]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "profile-bad");
  test::Server srv(db);
  auto c = srv.client();
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"birthday", "1990-02-30"}}, "/profile/birthday"},
      {{{"email", 42}}, "/profile/email"},
      {{{"email", std::string(300, 'e')}}, "/profile/email"},
      {{{"devices", {"ok", json::array()}}}, "/profile/devices/1"},
      {{{"created_at", 1.5}}, "/profile/created_at"},
      {{{"referred_by", std::string(41, 'R')}}, "/profile/referred_by"},
  };
  for (const auto& [profile, field] : cases) {
    INFO(profile.dump());
    auto r = test::post_event(c, shop, with_profile(test::order_event("bad-1", test::unique("B"), 1000), profile));
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(json::parse(r->body)["field"] == field);
  }
  CHECK(customer_rows(db, shop, "bad-1") == 0);
}

TEST_CASE("webhook profile: a redelivery answers duplicate; a repeated event still has its profile checked and merged",
          "[webhooks][profile]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "profile-dup");
  test::Server srv(db);
  auto c = srv.client();
  const std::string who = "dup-1";
  const json order = test::order_event(who, "D-1", 1000);
  auto applied = post(c, shop, with_profile(order, {{"email", "a@example.com"}}), "delivery-1");
  REQUIRE(applied);
  REQUIRE(applied->status == 200);
  CHECK(status_of(applied) == "applied");
  // The same delivery again, its profile now refused: the delivery was done, so duplicate.
  auto redelivered = post(c, shop, with_profile(order, {{"birthday", "no date"}}), "delivery-1");
  REQUIRE(redelivered);
  CHECK(redelivered->status == 200);
  CHECK(status_of(redelivered) == "duplicate");
  // The same event under a new delivery: its profile is merged before the
  // event's duplicate check, so a bad one is refused...
  auto refused = post(c, shop, with_profile(order, {{"birthday", "no date"}}), "delivery-2");
  REQUIRE(refused);
  CHECK(refused->status == 422);
  CHECK(json::parse(refused->body)["field"] == "/profile/birthday");
  // ...and a good one is saved, the event answering duplicate.
  auto repeated = post(c, shop, with_profile(order, {{"email", "b@example.com"}}), "delivery-3");
  REQUIRE(repeated);
  CHECK(repeated->status == 200);
  CHECK(status_of(repeated) == "duplicate");
  CHECK(stored_profile(db, shop, who)["email"] == "b@example.com");
  CHECK(test::ledger(c, shop, who).size() == 1);
}

// A platform's patch is built in code; what a profile cannot hold is still
// refused by the profile's field, before anything is written.
TEST_CASE("webhook profile: a Shopify customer's email longer than a profile holds is 422", "[webhooks][profile]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "profile-shopify");
  test::Server srv(db);
  auto c = srv.client();
  json customer = json::parse(test::realdata("shopify_docs_customers_create.json"));
  customer["email"] = std::string(250, 'x') + "@example.com";
  const std::string body = customer.dump();
  auto r = c.Post(("/webhooks/shopify/" + shop.id).c_str(),
                  {{"X-Shopify-Hmac-Sha256", test::b64_sig(shop.secret, body)}, {"X-Shopify-Topic", "customers/create"},
                   {"X-Shopify-Webhook-Id", "long-email"}},
                  body, "application/json");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(json::parse(r->body)["field"] == "/profile/email");
  CHECK(customer_rows(db, shop, customer["id"].dump()) == 0);
}
