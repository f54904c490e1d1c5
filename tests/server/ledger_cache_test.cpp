// The state call's ledger cache (CachedLedgers::read keeps the parsed ledger of
// customers with long histories and reads only the rows after it): a server that
// has cached a history answers exactly as a fresh process that parses every row,
// at each step as the history grows, across a redemption and a merchant adjustment;
// and a write transaction that rolls back leaves nothing of its own in the cache.
#include <catch2/catch.hpp>

#include "harness.h"
#include "storage/store.h"

using test::json;

namespace {

json me(httplib::Client& c, const test::Shop& s, const std::string& who) {
  auto r = c.Get(("/api/v1/shops/" + s.id + "/me").c_str(), test::shopper_headers(s, who));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

void same_as_cold(httplib::Client& c, const std::string& db, const test::Shop& s, const std::string& who) {
  json cached = me(c, s, who);
  json again = me(c, s, who);  // nothing new since: all from the cache
  test::Server cold(db);       // a new process: nothing cached, every row parsed
  auto cc = cold.client();
  json fresh = me(cc, s, who);
  cold.terminate();
  CHECK(cached["state"] == fresh["state"]);
  CHECK(again["state"] == fresh["state"]);
  CHECK(cached["activity"] == fresh["activity"]);
  CHECK(again["activity"] == fresh["activity"]);
  CHECK(cached["next_cursor"] == fresh["next_cursor"]);
  // The fixture program has no holds or expiry: the balance is the ledger's sum.
  std::int64_t sum = 0;
  for (const auto& e : test::ledger(c, s, who)) sum += e.value("points", std::int64_t{0});
  CHECK(cached["state"]["balance"].get<std::int64_t>() == sum);
}

}  // namespace

TEST_CASE("state call: a cached long history answers as a cold read while it grows", "[shopper][cache]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "history");
  test::Server warm(db);
  auto c = warm.client();
  const std::string who = "long-history";
  int order = 0;
  // 70 orders pass the cache threshold (64 entries, tier changes included); then
  // steps below and above the refresh (32 new rows), each read by both servers.
  for (int step : {70, 1, 5, 31, 40, 3}) {
    for (int i = 0; i < step; ++i, ++order) {
      auto r = test::post_event(c, shop, test::order_event(who, "L-" + std::to_string(order), 1000 + 100 * (order % 7)));
      REQUIRE(r);
      REQUIRE(r->status == 200);
    }
    same_as_cold(c, db, shop, who);
  }
  auto h = test::shopper_headers(shop, who);
  h.emplace("Idempotency-Key", "cached-redeem");
  auto red = c.Post(("/api/v1/shops/" + shop.id + "/me/redemptions").c_str(), h, R"({"reward_id":"five-off"})", "application/json");
  REQUIRE(red);
  REQUIRE(red->status == 201);
  same_as_cold(c, db, shop, who);
  auto adj = c.Post(("/api/v1/admin/shops/" + shop.id + "/customers/" + who + "/adjustments").c_str(), test::admin_headers(shop),
                    R"({"points":-7,"note":"cache test"})", "application/json");
  REQUIRE(adj);
  REQUIRE(adj->status == 201);
  same_as_cold(c, db, shop, who);
  CHECK(me(c, shop, who)["activity"][0]["note"] == "cache test");
}

namespace {

loyalty::LedgerEntry earn(int n, std::int64_t points) {
  loyalty::LedgerEntry e;
  e.key = "earn:" + std::to_string(n);
  e.event_id = "ev-" + std::to_string(n);
  e.at = 1700000000 + n;
  e.points = loyalty::Points(points);
  loyalty::EarnEntry b;
  b.order_id = "order-" + std::to_string(n);
  e.body = b;
  return e;
}

std::int64_t points_of(const loyalty::server::CustomerLedger& l) {
  std::int64_t sum = 0;
  for (const loyalty::LedgerEntry* e : l.view()) sum += e->points.raw();
  return sum;
}

}  // namespace

TEST_CASE("state call: a write transaction's reads are cached only once it commits", "[shopper][cache]") {
  using loyalty::server::in_write_tx;
  const std::string db = test::fresh_db();
  const auto shop = test::create_shop(db, "cache-tx");
  loyalty::server::Store store(db, 2);
  const std::string who = "rolled-back";
  auto c = store.conn();
  // 70 committed entries of 1 point: past the cache threshold.
  in_write_tx(*c, [&] {
    store.customers().lock(*c, shop.id, who, "CODE-RB", 1700000000);
    std::vector<loyalty::LedgerEntry> first;
    for (int i = 0; i < 70; ++i) first.push_back(earn(i, 1));
    store.customers().insert_entries(*c, shop.id, who, first);
  });
  // A transaction writes 5 entries of 1,000 points, reads the ledger (its own rows
  // included), then fails and rolls back.
  CHECK_THROWS_AS(in_write_tx(*c, [&] {
                    store.customers().lock(*c, shop.id, who, "CODE-RB", 1700000000);
                    std::vector<loyalty::LedgerEntry> phantom;
                    for (int i = 70; i < 75; ++i) phantom.push_back(earn(i, 1000));
                    store.customers().insert_entries(*c, shop.id, who, phantom);
                    CHECK(points_of(store.ledgers().read(*c, shop.id, who)) == 70 + 5000);
                    throw std::runtime_error("rolled back on purpose");
                  }),
                  std::runtime_error);
  // The next rows may reuse the rolled-back seqs (SQLite does): a cached phantom
  // prefix would hide them and count the phantoms.
  in_write_tx(*c, [&] {
    store.customers().lock(*c, shop.id, who, "CODE-RB", 1700000000);
    store.customers().insert_entries(*c, shop.id, who, {earn(80, 7), earn(81, 7)});
  });
  const auto after = store.ledgers().read(*c, shop.id, who);
  CHECK(after.size() == 72);
  CHECK(points_of(after) == 70 + 14);
  // A committed transaction's read does fill the cache (a new process: nothing cached
  // yet): the next read parses only the rows after it.
  loyalty::server::Store other(db, 1);
  auto c2 = other.conn();
  in_write_tx(*c2, [&] {
    other.customers().lock(*c2, shop.id, who, "CODE-RB", 1700000000);
    other.customers().insert_entries(*c2, shop.id, who, {earn(82, 3)});
    CHECK(points_of(other.ledgers().read(*c2, shop.id, who)) == 70 + 14 + 3);
  });
  const auto cached = other.ledgers().read(*c2, shop.id, who);
  REQUIRE(cached.head);
  CHECK(cached.head->entries.size() == 73);
  CHECK(cached.tail.empty());
  CHECK(points_of(cached) == 70 + 14 + 3);
}
