// Shopper notes as stored: the customer's notes document (service/notes_doc.h),
// its compact form and size, the notes the server wrote before it, and a
// document that is not one.
#include <catch2/catch.hpp>

#include "harness.h"
#include "raw_rows.h"
#include "shopper_notes_api.h"
#include "storage/store.h"

using test::dismiss;
using test::json;
using test::me_path;
using test::notes;
using test::order;

// The customer's notes document is written as text (service/notes_doc.cpp,
// not through a JSON DOM): it must stay nlohmann's compact dump of itself,
// escapes included, whether it was written by an order, a dismissal or over
// a row 008's migration wrote (members in another order, spaces).
TEST_CASE("shopper notes: the stored document is its own compact dump, after orders, a dismissal and a migrated row", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-text");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  loyalty::server::Store store(db, 1);
  auto stored = [&](const std::string& who) {
    auto conn = store.conn();
    return store.customers().read(*conn, shop.id, who, 0).notes;
  };
  auto canonical = [](const std::string& text) { return json::parse(text).dump(); };
  const std::string odd = "A-\"1\"\\ \u00d6\u00e9 \u65e5";
  order(c, shop, "ivy", odd, 12000);  // a key and a note with escapes and UTF-8
  order(c, shop, "ivy", "A-2", 3000);
  order(c, shop, "ivy", odd, 12000);  // the platform's retry: no new note
  std::string text = stored("ivy");
  CHECK(text == canonical(text));
  json doc = json::parse(text);
  REQUIRE(doc.size() == 5);  // last, then 4 notes
  CHECK(doc[0] == 4);
  json list = notes(c, shop, "ivy");
  REQUIRE(list.size() == 4);
  CHECK(list[3]["order_id"] == odd);
  CHECK(list[0]["order_id"] == "A-2");
  REQUIRE(dismiss(c, shop, "ivy", {{"ids", {2}}})->status == 200);
  text = stored("ivy");
  CHECK(text == canonical(text));
  CHECK(json::parse(text).size() == 4);
  CHECK(notes(c, shop, "ivy").size() == 3);

  // Plain ids: the document as written is only scanned when read back.
  for (const char* id : {"P-1", "P-2", "P-3"}) order(c, shop, "kim", id, 3000);
  text = stored("kim");
  CHECK(text == canonical(text));
  REQUIRE(json::parse(text).size() == 4);
  REQUIRE(dismiss(c, shop, "kim", {{"ids", {1, 3}}})->status == 200);
  text = stored("kim");
  CHECK(text == canonical(text));
  list = notes(c, shop, "kim");
  REQUIRE(list.size() == 1);
  CHECK(list[0]["id"] == 2);
  CHECK(list[0]["order_id"] == "P-2");

  // As 008 writes a moved row: members in its own order, with spaces. Its note
  // stays as it was (in the compact spelling), before the new one.
  const std::string migrated = R"({"last": 7, "notes": [{"until": 0, "seen": 0, "note": {"type": "points_earned", "points": 5,)"
                               R"( "order_id": "M-\u00e9", "balance": 5}, "key": "earned:earn:M-\u00e9", "id": 7}]})";
  {
    auto conn = store.conn();
    loyalty::server::in_write_tx(*conn, [&] {
      store.customers().lock(*conn, shop.id, "jon", "CODE-JON", test::now());
      store.notes().write(*conn, shop.id, "jon", migrated);
    });
  }
  order(c, shop, "jon", "J-1", 1000);
  text = stored("jon");
  CHECK(text == canonical(text));
  doc = json::parse(text);
  REQUIRE(doc.size() == 3);
  CHECK(doc[0] == 8);
  CHECK(doc[1] == json::parse(migrated)["notes"][0]);
  list = notes(c, shop, "jon");
  REQUIRE(list.size() == 2);
  CHECK(list[0]["id"] == 8);
  CHECK(list[0]["order_id"] == "J-1");
  CHECK(list[1] == json::parse(R"({"type": "points_earned", "points": 5, "order_id": "M-\u00e9", "balance": 5, "id": 7})"));
}

// Each order rewrites the customer's row: what a note stores is WAL bytes per
// order (BENCHMARKS.md "Shopper notes stored compactly"). The notification's
// JSON was ~170 B a note with its key, id and flags; its fields alone are ~60.
TEST_CASE("shopper notes: a note stores its fields, not its JSON: at most 80 bytes a note", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-size");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  order(c, shop, "una", "1042", 12000);
  order(c, shop, "una", "1043", 3000);
  order(c, shop, "una", "BIG", 60000);
  REQUIRE(notes(c, shop, "una").size() == 6);  // 3 points earned, 2 rewards unlocked, a tier reached
  loyalty::server::Store store(db, 1);
  auto conn = store.conn();
  const std::string text = store.customers().read(*conn, shop.id, "una", 0).notes;
  INFO(text);
  CHECK(text.size() <= 6 * 80);
}

// Notes written before the compact form (the document 008 defined) stay in
// the row as they were: /me lists them byte for byte as the old server did,
// beside the new ones, and they are dismissed as before. Recorded from the
// server at 982f01b (main before the compact form): the stored document and
// its /me for these notes.
TEST_CASE("shopper notes: notes written by the old server answer /me the same, beside new ones", "[notes]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-old");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  order(c, shop, "olga", "o-5", 6000);
  const std::string old_doc =
      R"({"last":5,"notes":[{"id":3,"key":"earned:earn:o-5","note":{"at":"2026-12-04T08:50:41Z","balance":120,"order_id":"o-5",)"
      R"("pending":0,"points":60,"source":"earn","type":"points_earned"},"seen":0,"until":0},{"id":4,"key":"unlocked:five-off:earn:o-5",)"
      R"("note":{"at":"2026-12-04T08:50:41Z","balance":120,"points":100,"reward_id":"five-off","reward_name":"$5 off",)"
      R"("type":"reward_unlocked"},"seen":0,"until":0},{"id":5,"key":"unlocked:dollars:earn:o-5","note":{"at":"2026-12-04T08:50:41Z",)"
      R"("balance":120,"points":100,"reward_id":"dollars","reward_name":"Points for dollars","type":"reward_unlocked"},"seen":0,"until":0}]})";
  const std::string old_me =
      R"([{"at":"2026-12-04T08:50:41Z","balance":120,"id":5,"points":100,"reward_id":"dollars","reward_name":"Points for dollars",)"
      R"("type":"reward_unlocked"},{"at":"2026-12-04T08:50:41Z","balance":120,"id":4,"points":100,"reward_id":"five-off",)"
      R"("reward_name":"$5 off","type":"reward_unlocked"},{"at":"2026-12-04T08:50:41Z","balance":120,"id":3,"order_id":"o-5",)"
      R"("pending":0,"points":60,"source":"earn","type":"points_earned"}])";
  test::raw_sql(db, "UPDATE customers SET notes = ? WHERE shop = ? AND id = ?", {old_doc, shop.id, "olga"});
  CHECK(notes(c, shop, "olga").dump() == old_me);

  order(c, shop, "olga", "o-6", 2000);
  json list = notes(c, shop, "olga");
  REQUIRE(list.size() == 4);
  CHECK(list[0]["id"] == 6);
  CHECK(list[0]["order_id"] == "o-6");
  CHECK(list[0]["points"] == 20);
  CHECK(list[0]["balance"] == 80);
  json old_ones = json::array();
  for (size_t i = 1; i < list.size(); ++i) old_ones.push_back(list[i]);
  CHECK(old_ones.dump() == old_me);
  // The row is in the compact form now, the old notes in it as they were.
  loyalty::server::Store store(db, 1);
  std::string text;
  {
    auto conn = store.conn();
    text = store.customers().read(*conn, shop.id, "olga", 0).notes;
  }
  const json doc = json::parse(text);
  REQUIRE(doc.is_array());
  REQUIRE(doc.size() == 5);
  CHECK(doc[0] == 6);
  for (int i = 0; i < 3; ++i) CHECK(doc[1 + i] == json::parse(old_doc)["notes"][i]);
  CHECK(doc[4].is_array());

  REQUIRE(dismiss(c, shop, "olga", {{"ids", {4, 6}}})->status == 200);
  list = notes(c, shop, "olga");
  REQUIRE(list.size() == 2);
  CHECK(list[0].dump() == json::parse(old_me)[0].dump());
  CHECK(list[1].dump() == json::parse(old_me)[2].dump());
}

// A notes document that is not one is a corrupt row for the write that would
// extend it as for /me, however close to the written spelling it is.
TEST_CASE("shopper notes: a corrupt notes document fails the order and /me, and nothing is written", "[notes][corrupt]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "notes-corrupt");
  test::Server srv(db, {"--quiet"});
  auto c = srv.client();
  int n = 0;
  for (const std::string bad : {R"({"last":1,"notes":[{"id":1,"key":"k","note":{"a":},"seen":0,"until":0}]})",
                                R"({"last":1,"notes":[{"id":1,"key":"k","note":"text","seen":0,"until":0}]})",
                                R"({"last":1,"notes":[{"id":1,"key":"k","note":{"a":1},"seen":0,"until":0}])",
                                R"({"last":1,"notes":[{"id":1,"key":"k","note":{"a":"\x"},"seen":0,"until":0}]})",
                                R"({"last":"1","notes":[]})", "[]", "{",
                                // The compact form: an unknown kind, a field short, no key where none is derived,
                                // a string with a raw control character, an unclosed document, a spelling not
                                // ours, a kept older note that is not one.
                                R"([1,[1,0,9,5,5]])", R"([1,[1,0,2,5,5,5]])", R"([1,[1,0,3,5,5,"r",100]])",
                                "[1,[1,0,2,5,5,5,\"x\x01\",\"k\"]]", R"([1,[1,0,2,5,5,5,"x","k"])", R"([1, [1,0,2,5,5,5,"x","k"]])",
                                R"([1,{"id":1,"key":"k","note":"text","seen":0,"until":0}])"}) {
    const std::string who = "bad-notes-" + std::to_string(++n);
    order(c, shop, who, "B-" + std::to_string(n), 1000);
    test::raw_sql(db, "UPDATE customers SET notes = ? WHERE shop = ? AND id = ?", {bad, shop.id, who});
    INFO(bad);
    auto r = test::post_event(c, shop, test::order_event(who, "B2-" + std::to_string(n), 12000));
    REQUIRE(r);
    CHECK(r->status >= 500);
    CHECK(test::ledger(c, shop, who).size() == 1);
    auto me = c.Get(me_path(shop).c_str(), test::shopper_headers(shop, who));
    REQUIRE(me);
    CHECK(me->status >= 500);
  }
}

