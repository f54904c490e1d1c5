// PostgreSQL through libpq: prepared statements, text parameters, READ
// COMMITTED transactions with row locks (SELECT ... FOR UPDATE) where the
// service serialises a customer.
#include <libpq-fe.h>

#include <unordered_map>

#include "storage/db.h"

namespace loyalty::server {

namespace {

class PgConn : public Conn {
 public:
  explicit PgConn(const std::string& url) {
    pg_ = PQconnectdb(url.c_str());
    if (PQstatus(pg_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(pg_);
      PQfinish(pg_);
      throw DbError("postgres: cannot connect: " + msg);
    }
    script("SET client_min_messages TO warning");
  }
  ~PgConn() override { PQfinish(pg_); }

  Rows query(const std::string& sql, const Params& params) override {
    Rows rows;
    run(sql, params, &rows);
    return rows;
  }
  std::int64_t exec(const std::string& sql, const Params& params) override { return run(sql, params, nullptr); }
  void script(const std::string& sql) override {
    PGresult* r = PQexec(pg_, sql.c_str());
    check(r, sql);
    PQclear(r);
  }
  const char* for_update() const override { return " FOR UPDATE"; }
  void lock_for_migration() override { exec("SELECT pg_advisory_xact_lock(7243001)", {}); }
  const char* name() const override { return "postgres"; }

 protected:
  const char* auto_increment_key() const override { return "BIGSERIAL PRIMARY KEY"; }
  void begin_write() override { exec("BEGIN", {}); }
  void commit() override { exec("COMMIT", {}); }
  void rollback() override { exec("ROLLBACK", {}); }

 private:
  void check(PGresult* r, const std::string& sql) {
    auto st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
    std::string msg = PQresultErrorMessage(r);
    PQclear(r);
    if (PQstatus(pg_) != CONNECTION_OK) broken = true;
    throw DbError("postgres: " + msg + " in: " + sql.substr(0, 200));
  }

  // `?` -> `$n` (our SQL never has a literal question mark).
  static std::string numbered(const std::string& sql) {
    std::string out;
    int n = 0;
    for (char c : sql) {
      if (c == '?') out += "$" + std::to_string(++n);
      else out += c;
    }
    return out;
  }

  std::int64_t run(const std::string& sql, const Params& params, Rows* rows) {
    auto it = names_.find(sql);
    if (it == names_.end()) {
      std::string name = "s" + std::to_string(names_.size());
      PGresult* r = PQprepare(pg_, name.c_str(), numbered(sql).c_str(), 0, nullptr);
      check(r, sql);
      PQclear(r);
      it = names_.emplace(sql, name).first;
    }
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (std::holds_alternative<std::int64_t>(params[i])) text[i] = std::to_string(std::get<std::int64_t>(params[i]));
      else if (std::holds_alternative<std::string>(params[i])) text[i] = std::get<std::string>(params[i]);
      else continue;
      values[i] = text[i].c_str();
    }
    PGresult* r = PQexecPrepared(pg_, it->second.c_str(), static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0);
    check(r, sql);
    std::int64_t changed = 0;
    const char* tuples = PQcmdTuples(r);
    if (tuples && *tuples) changed = std::strtoll(tuples, nullptr, 10);
    if (rows) {
      const int n = PQntuples(r), m = PQnfields(r);
      rows->reserve(n);
      auto v = std::make_shared<std::vector<std::string>>();
      for (int c = 0; c < m; ++c) v->emplace_back(PQfname(r, c));
      const std::shared_ptr<const std::vector<std::string>> names = std::move(v);
      for (int i = 0; i < n; ++i) {
        Row row;
        row.columns = names;
        row.cells.reserve(m);
        for (int c = 0; c < m; ++c) row.cells.emplace_back(PQgetvalue(r, i, c), PQgetlength(r, i, c));
        rows->push_back(std::move(row));
      }
    }
    PQclear(r);
    return changed;
  }

  PGconn* pg_ = nullptr;
  std::unordered_map<std::string, std::string> names_;
};

}  // namespace

std::unique_ptr<Conn> open_postgres(const std::string& url) { return std::make_unique<PgConn>(url); }

}  // namespace loyalty::server
