// The timer and a corrupt customer: the customer is counted, logged and looked
// at again a day later; it never stops the other customers or the shops after it.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "harness.h"
#include "raw_rows.h"

using test::json;

namespace {

const char* kTwoDaysLater = "172800";

// The fixture program with points pending a day: every customer with an order has a tick due the next day.
std::string pending_program_file() {
  auto prog = json::parse(test::read_file(test::fixture("program.json")));
  prog["lifecycle"] = {{"pending_days", 1}};
  const std::string file = "/tmp/loyalty-corrupt-tick-" + test::unique("program") + ".json";
  std::ofstream(file) << prog.dump();
  return file;
}

void order(httplib::Client& c, const test::Shop& shop, const std::string& who) {
  auto r = test::post_event(c, shop, test::order_event(who, test::unique("O"), 10000));
  REQUIRE(r);
  REQUIRE(r->status == 200);
}

// A ledger row that does not parse, and its customer made the first one due (the due query takes the earliest first).
void corrupt_first_due(const std::string& db, const test::Shop& shop, const std::string& who) {
  test::insert_ledger_row(db, shop.id, who, "manual:bad", "not json {");
  test::raw_sql(db, "UPDATE customers SET next_check_at = 1 WHERE shop = ? AND id = ?", {shop.id, who});
}

int matured(httplib::Client& c, const test::Shop& shop, const std::string& who) {
  int n = 0;
  for (const auto& e : test::ledger(c, shop, who)) n += e["type"] == "mature";
  return n;
}

httplib::Result post_tick(httplib::Client& c, const test::Shop& shop) {
  return c.Post(("/api/v1/admin/shops/" + shop.id + "/tick").c_str(), test::admin_headers(shop), "", "application/json");
}

}  // namespace

TEST_CASE("tick: a corrupt customer is counted and looked at tomorrow; the others are ticked", "[tick][corrupt]") {
  const std::string db = test::fresh_db();
  const auto shop = test::create_shop(db, "corrupt-tick", pending_program_file());
  {
    test::Server now_srv(db);
    auto c = now_srv.client();
    order(c, shop, "bad");
    order(c, shop, "good");
  }
  corrupt_first_due(db, shop, "bad");
  test::Server later(db, {"--clock-offset", kTwoDaysLater});
  auto c = later.client();
  auto first = post_tick(c, shop);
  REQUIRE(first);
  REQUIRE(first->status == 200);
  const json totals = json::parse(first->body);
  CHECK(totals["corrupt"] == 1);
  CHECK(totals["customers"] == 1);
  CHECK(matured(c, shop, "good") == 1);
  CHECK(later.log_text().find("corrupt customer " + shop.id + "/bad") != std::string::npos);
  // The corrupt customer's next check moved a day on: the next tick neither fails on it nor counts it again.
  auto second = post_tick(c, shop);
  REQUIRE(second);
  REQUIRE(second->status == 200);
  CHECK(json::parse(second->body)["corrupt"] == 0);
  CHECK(matured(c, shop, "good") == 1);
}

TEST_CASE("timer: a corrupt customer does not end the pass; the shops after it are ticked", "[tick][corrupt]") {
  const std::string db = test::fresh_db();
  const std::string file = pending_program_file();
  const auto first = test::create_shop(db, "corrupt-pass-a", file);
  const auto after = test::create_shop(db, "corrupt-pass-b", file);  // after the first: the pass goes by shop id
  REQUIRE(first.id < after.id);
  {
    test::Server now_srv(db);
    auto c = now_srv.client();
    order(c, first, "bad");
    order(c, first, "good");
    order(c, after, "good");
  }
  corrupt_first_due(db, first, "bad");
  test::Server timer(db, {"--clock-offset", kTwoDaysLater, "--tick-interval", "1"});
  auto c = timer.client();
  // Other cases' shops share a PostgreSQL database: the pass may take a while to reach these.
  bool ticked = false;
  for (int i = 0; i < 300 && !ticked; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ticked = matured(c, first, "good") == 1 && matured(c, after, "good") == 1;
  }
  CHECK(ticked);
  CHECK(timer.log_text().find("corrupt customer " + first.id + "/bad") != std::string::npos);
}
