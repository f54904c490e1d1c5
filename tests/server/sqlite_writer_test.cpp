// SQLite's write transactions all run on one handle per file (storage/sqlite_db.cpp:
// its page cache stays valid across commits). What that must not change: every
// pooled connection reads what any of them wrote, a write from outside the process
// is seen, a connection dropped mid-transaction leaves no transaction open for the
// next writer, and a file made again at the same path is the one written.
#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <unistd.h>

#include <memory>
#include <thread>
#include <vector>

#include "harness.h"
#include "storage/db.h"

namespace {

using loyalty::server::Conn;
using loyalty::server::connection_factory;
using loyalty::server::in_write_tx;
using loyalty::server::Transaction;

std::string fresh_sqlite_path() { return test::tmp_dir() + "/" + test::unique("writer") + ".db"; }

std::int64_t count(Conn& c) { return c.query("SELECT COUNT(*) FROM t")[0].integer(0); }

void insert(Conn& c, std::int64_t k) { c.exec("INSERT INTO t (k) VALUES (?)", {k}); }

// Another process's write: a handle of its own, outside the pool.
void insert_from_outside(const std::string& path, std::int64_t k) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_busy_timeout(db, 30000);
  const std::string sql = "INSERT INTO t (k) VALUES (" + std::to_string(k) + ")";
  CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("sqlite writer: pooled connections read each other's writes and another process's", "[storage][sqlite]") {
  const std::string path = fresh_sqlite_path();
  auto open = connection_factory("sqlite:" + path);
  auto a = open(), b = open();
  a->script("CREATE TABLE t (k INTEGER PRIMARY KEY)");
  in_write_tx(*a, [&] { insert(*a, 1); });
  CHECK(count(*b) == 1);
  in_write_tx(*b, [&] { insert(*b, 2); });
  CHECK(count(*a) == 2);
  insert_from_outside(path, 3);
  // The writing handle read this file before the outside write: it must not answer from a stale cache.
  CHECK(in_write_tx(*a, [&] { return count(*a); }) == 3);
  in_write_tx(*a, [&] { insert(*a, 4); });
  CHECK(count(*b) == 4);
}

TEST_CASE("sqlite writer: a connection dropped inside a transaction leaves none open for the next writer", "[storage][sqlite]") {
  const std::string path = fresh_sqlite_path();
  auto open = connection_factory("sqlite:" + path);
  auto a = open(), b = open();
  a->script("CREATE TABLE t (k INTEGER PRIMARY KEY)");
  auto* left_open = new Transaction(*a);  // never ended: its connection goes away under it (leaked on purpose)
  insert(*a, 1);
  (void)left_open;
  a.reset();
  in_write_tx(*b, [&] { insert(*b, 2); });
  auto rows = b->query("SELECT k FROM t ORDER BY k");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].integer(0) == 2);
}

TEST_CASE("sqlite writer: a file deleted and made again at the same path is the one written", "[storage][sqlite]") {
  const std::string path = fresh_sqlite_path();
  {
    auto open = connection_factory("sqlite:" + path);
    auto a = open();
    a->script("CREATE TABLE t (k INTEGER PRIMARY KEY)");
    in_write_tx(*a, [&] { insert(*a, 1); });
  }
  for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
  auto open = connection_factory("sqlite:" + path);
  auto a = open();
  a->script("CREATE TABLE t (k INTEGER PRIMARY KEY)");
  in_write_tx(*a, [&] { insert(*a, 7); });
  auto fresh = open();
  CHECK(count(*fresh) == 1);
}

TEST_CASE("sqlite writer: writers on many threads and connections lose no write", "[storage][sqlite]") {
  const std::string path = fresh_sqlite_path();
  auto open = connection_factory("sqlite:" + path);
  open()->script("CREATE TABLE t (k INTEGER PRIMARY KEY)");
  constexpr int kThreads = 6, kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto c = open();
      for (int i = 0; i < kEach; ++i) {
        // A read-modify-write: a stale read inside the transaction would collide on the key.
        in_write_tx(*c, [&] { insert(*c, c->query("SELECT COALESCE(MAX(k), 0) + 1 FROM t")[0].integer(0)); });
        if (i % 7 == t) CHECK(count(*c) >= i + 1);  // reads outside a transaction, on the pooled handle
      }
    });
  for (auto& th : threads) th.join();
  auto c = open();
  CHECK(count(*c) == kThreads * kEach);
  CHECK(c->query("SELECT MAX(k) FROM t")[0].integer(0) == kThreads * kEach);
}
