// A stored row that does not parse is a corrupt store: every read path answers
// an error, never a silently shorter (or blanked) ledger or an empty profile.
// The rows are written with raw SQL (raw_rows.h).
#include <catch2/catch.hpp>

#include "harness.h"
#include "raw_rows.h"

namespace {

using test::insert_ledger_row;
using test::raw_sql;

// Each case starts from a customer with one paid order, then corrupts a row of it.
void first_order(httplib::Client& c, const test::Shop& shop, const std::string& who, int amount) {
  auto r = test::post_event(c, shop, test::order_event(who, test::unique("ok"), amount));
  REQUIRE(r);
  REQUIRE(r->status == 200);
}

// Every way a customer's ledger is read, each must fail rather than answer without the row.
void every_read_fails(httplib::Client& c, const test::Shop& shop, const std::string& who) {
  const std::string admin = "/api/v1/admin/shops/" + shop.id;
  auto me = c.Get(("/api/v1/shops/" + shop.id + "/me").c_str(), test::shopper_headers(shop, who));
  REQUIRE(me);
  CHECK(me->status >= 500);
  auto activity = c.Get(("/api/v1/shops/" + shop.id + "/me/activity").c_str(), test::shopper_headers(shop, who));
  REQUIRE(activity);
  CHECK(activity->status >= 500);
  auto customer = c.Get((admin + "/customers/" + who).c_str(), test::admin_headers(shop));
  REQUIRE(customer);
  CHECK(customer->status >= 500);
  auto ledger = c.Get((admin + "/customers/" + who + "/ledger").c_str(), test::admin_headers(shop));
  REQUIRE(ledger);
  CHECK(ledger->status >= 500);
  // The export streams: a failure after the header cuts it off (no last chunk), never a complete file without the row.
  auto csv = c.Get((admin + "/ledger.csv").c_str(), test::admin_headers(shop));
  CHECK_FALSE((csv && csv->status == 200));
  // A write reads the ledger too: refused, nothing written.
  auto order = test::post_event(c, shop, test::order_event(who, test::unique("after-corrupt"), 2500));
  REQUIRE(order);
  CHECK(order->status >= 500);
}

}  // namespace

TEST_CASE("storage: a corrupt ledger row is an error in every read path", "[storage][corrupt]") {
  const std::string db = test::fresh_db();
  // The third parses but is no entry: a redeem carrying a tier (a member of another kind).
  for (const char* body : {"not json {", R"({"type":"no-such-kind","points":"many"})",
                           R"({"at":"2023-11-14T22:13:20Z","key":"manual:bad","points":-5,"reward_id":"r","tier":"gold","type":"redeem"})"}) {
    const auto shop = test::create_shop(db, "corrupt-ledger");
    test::Server server(db);
    auto c = server.client();
    const std::string who = "corrupt-" + std::to_string(std::string(body).size());
    for (int i = 0; i < 3; ++i) {
      auto r = test::post_event(c, shop, test::order_event(who, test::unique("ok"), 1000 + i));
      REQUIRE(r);
      REQUIRE(r->status == 200);
    }
    insert_ledger_row(db, shop.id, who, "manual:bad", body);
    every_read_fails(c, shop, who);
    server.terminate();
  }
}

TEST_CASE("storage: a corrupt customer profile is an error, not an empty profile", "[storage][corrupt]") {
  const std::string db = test::fresh_db();
  const auto shop = test::create_shop(db, "corrupt-profile");
  test::Server server(db);
  auto c = server.client();
  const std::string who = "bad-profile";
  first_order(c, shop, who, 1000);
  raw_sql(db, "UPDATE customers SET profile = ? WHERE shop = ? AND id = ?", {std::string("{\"birthday\": 12"), shop.id, who});
  auto me = c.Get(("/api/v1/shops/" + shop.id + "/me").c_str(), test::shopper_headers(shop, who));
  REQUIRE(me);
  CHECK(me->status >= 500);
  auto order = test::post_event(c, shop, test::order_event(who, test::unique("after-corrupt"), 2500));
  REQUIRE(order);
  CHECK(order->status >= 500);
}

// Rows kept as JSON text besides the ledger: a stored idempotency answer and an
// outbox body. One that does not parse is a corrupt row named by its table and
// column in the log, as the ledger's and the profile's are, not a parser's bare message.
TEST_CASE("storage: a corrupt stored answer or notification body is a corrupt row naming its column", "[storage][corrupt]") {
  const std::string db = test::fresh_db();
  const auto shop = test::create_shop(db, "corrupt-json");
  test::Server server(db);
  auto c = server.client();
  const std::string who = "bad-json";
  first_order(c, shop, who, 200000);
  auto first = test::redeem(c, shop, who, "k-1", R"({"reward_id":"five-off"})");
  REQUIRE(first);
  REQUIRE(first->status == 201);
  raw_sql(db, "UPDATE idempotency SET response = ? WHERE shop = ? AND customer = ?", {std::string("{\"code\": "), shop.id, who});
  auto retry = test::redeem(c, shop, who, "k-1", R"({"reward_id":"five-off"})");
  REQUIRE(retry);
  CHECK(retry->status >= 500);
  CHECK(server.log_text().find("corrupt idempotency.response for " + shop.id + "/" + who) != std::string::npos);

  raw_sql(db, "INSERT INTO outbox (shop, customer, key, type, body, created_at) VALUES (?, ?, 'manual:bad', 'points_earned', ?, 1700000000)",
          {shop.id, who, std::string("not json {")});
  const std::string admin = "/api/v1/admin/shops/" + shop.id;
  auto listed = c.Get((admin + "/customers/" + who + "/notifications").c_str(), test::admin_headers(shop));
  REQUIRE(listed);
  CHECK(listed->status >= 500);
  CHECK(server.log_text().find("corrupt outbox.body for " + shop.id + "/" + who) != std::string::npos);
  // A dead delivery of it: the dead-letter list fails alike.
  raw_sql(db, "INSERT INTO receivers (shop, url, secret, created_at) VALUES (?, 'http://127.0.0.1:9/', 'sixteen-characters', 1700000000)",
          {shop.id});
  raw_sql(db,
          "INSERT INTO outbox_deliveries (notification, receiver, shop, status, attempts, next_attempt_at) "
          "SELECT o.id, r.id, o.shop, 'dead', 15, 0 FROM outbox o, receivers r WHERE o.shop = ? AND r.shop = ? AND o.key = 'manual:bad'",
          {shop.id, shop.id});
  const auto logged = server.log_text().size();
  auto dead = c.Get((admin + "/notifications/dead").c_str(), test::admin_headers(shop));
  REQUIRE(dead);
  CHECK(dead->status >= 500);
  CHECK(server.log_text().find("corrupt outbox.body for " + shop.id + "/" + who, logged) != std::string::npos);
}
