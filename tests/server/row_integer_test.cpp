// An integer cell that is not an integer is a corrupt row: an error naming the
// column, never a silent 0 (a balance, a version, a time read as nothing).
#include <catch2/catch.hpp>

#include "harness.h"
#include "storage/store.h"

namespace {

using loyalty::server::CorruptRow;

// The one row of `select`, read from the real store (SQLite or PostgreSQL).
loyalty::server::Row one_row(const std::string& select) {
  loyalty::server::Store store(test::fresh_db(), 1);
  auto c = store.conn();
  auto rows = c->query(select);
  REQUIRE(rows.size() == 1);
  return rows[0];
}

}  // namespace

TEST_CASE("storage: an integer cell that does not hold an integer throws, naming the column", "[storage][corrupt]") {
  for (const char* bad : {"many", "12abc", " 7", "99999999999999999999", "-"}) {
    INFO(bad);
    auto r = one_row(std::string("SELECT 1 AS id, '") + bad + "' AS points");
    CHECK(r.integer(0) == 1);
    CHECK_THROWS_AS(r.integer(1), CorruptRow);
    CHECK_THROWS_WITH(r.integer(1), Catch::Matchers::Contains("points"));
  }
}

TEST_CASE("storage: integer cells read exactly; NULL reads as 0", "[storage]") {
  auto r = one_row("SELECT 9223372036854775807 AS big, -9223372036854775807 AS small, NULL AS unset, 0 AS zero");
  CHECK(r.integer(0) == INT64_MAX);
  CHECK(r.integer(1) == -INT64_MAX);
  CHECK(r.integer(2) == 0);
  CHECK(r.integer(3) == 0);
}
