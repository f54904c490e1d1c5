// The one connection interface both stores implement: SQL with `?`
// placeholders, parameters and cells as text or integers. Queries above this
// line (the repositories) are written once for SQLite and PostgreSQL.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <type_traits>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace loyalty::server {

using Param = std::variant<std::nullptr_t, std::int64_t, std::string>;
using Params = std::vector<Param>;

struct Row {
  std::vector<std::string> cells;
  // The query's column names, shared by its rows: what a CorruptRow names.
  std::shared_ptr<const std::vector<std::string>> columns;
  const std::string& operator[](size_t i) const { return cells[i]; }
  // The cell as a 64-bit integer; NULL (an empty cell) is 0. Anything else
  // that is not a whole base-10 int64 throws CorruptRow naming the column.
  std::int64_t integer(size_t i) const;
};
using Rows = std::vector<Row>;

// The store cannot be reached or refused a statement: worth a retry (503).
struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A stored row that does not parse (a hand edit, a bad migration): an error in
// every read path, never skipped or read as empty; no retry helps (500).
struct CorruptRow : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Transaction;

class Conn {
 public:
  virtual ~Conn() = default;
  virtual Rows query(const std::string& sql, const Params& params = {}) = 0;
  // Rows changed.
  virtual std::int64_t exec(const std::string& sql, const Params& params = {}) = 0;
  // Several statements, no parameters (migrations).
  virtual void script(const std::string& sql) = 0;
  // " FOR UPDATE" on PostgreSQL, "" on SQLite (the write transaction already
  // holds the database's single writer lock).
  virtual const char* for_update() const = 0;
  // Migrations: "{{ID}}" becomes the dialect's auto-increment key.
  std::string dialect_sql(const std::string& sql) const;
  // Held during migration so two servers starting at once do not race.
  virtual void lock_for_migration() = 0;
  virtual const char* name() const = 0;
  bool broken = false;  // drop instead of returning to the pool
  // Work that may only happen once the open write transaction commits (e.g.
  // caching what it read, which includes its own rows): dropped if it rolls
  // back. Outside a transaction it runs at once.
  void after_commit(std::function<void()> fn);
  bool in_transaction() const { return in_tx_; }

 protected:
  friend class Transaction;
  // A write transaction that serialises writers where the store needs it
  // (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN, with row locks taken later).
  virtual void begin_write() = 0;
  // Returns once the commit is durable (SQLite: the WAL synced, see WalSync).
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual const char* auto_increment_key() const = 0;

 private:
  bool in_tx_ = false;
  std::vector<std::function<void()>> hooks_;
};

// One write transaction on a connection: begins when made, rolls back when it
// goes away uncommitted (an exception, an early return).
class Transaction {
 public:
  explicit Transaction(Conn& c);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  // Then runs the connection's after_commit work. If it throws, the
  // transaction is still open and rolls back.
  void commit();
  void rollback();
  Conn& conn() { return c_; }
  Conn* operator->() { return &c_; }

 private:
  Conn& c_;
  bool open_ = true;
};

// A pool of connections; a Lease returns its connection when it goes away.
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<Conn>()>;
  // At most `max` connections open at once; callers wait for a free one.
  Pool(Factory f, size_t max) : factory_(std::move(f)), max_(max) {}
  class Lease {
   public:
    Lease(Pool* p, std::unique_ptr<Conn> c) : pool_(p), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
  };
  Lease get();

 private:
  Factory factory_;
  size_t max_;
  size_t open_ = 0;
  std::condition_variable freed_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> idle_;
};

// "sqlite:PATH" or "postgres://..." / "postgresql://...".
Pool::Factory connection_factory(const std::string& url);

// Runs fn inside a transaction; commits if it returns, rolls back if it throws.
template <class Fn>
auto in_write_tx(Conn& c, Fn fn) -> decltype(fn()) {
  Transaction tx(c);
  if constexpr (std::is_void_v<decltype(fn())>) {
    fn();
    tx.commit();
  } else {
    auto r = fn();
    tx.commit();
    return r;
  }
}

}  // namespace loyalty::server
