#include "storage/db.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace loyalty::server {

std::unique_ptr<Conn> open_sqlite(const std::string& path);
std::unique_ptr<Conn> open_postgres(const std::string& url);

std::int64_t Row::integer(size_t i) const {
  const std::string& s = cells.at(i);
  if (s.empty()) return 0;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  // strtoll skips leading spaces and stops at the first non-digit: both are corrupt here, as is overflow.
  const bool whole = !std::isspace(static_cast<unsigned char>(s[0])) && end == s.c_str() + s.size();
  if (!whole || errno == ERANGE) {
    const std::string column = columns && i < columns->size() ? (*columns)[i] : "#" + std::to_string(i);
    throw CorruptRow("column " + column + " holds '" + s.substr(0, 40) + "', not a 64-bit integer");
  }
  return v;
}

std::string Conn::dialect_sql(const std::string& sql) const {
  std::string s = sql;
  const std::string id = "{{ID}}";
  for (size_t at; (at = s.find(id)) != std::string::npos;) s.replace(at, id.size(), auto_increment_key());
  return s;
}

void Conn::after_commit(std::function<void()> fn) {
  if (in_tx_) hooks_.push_back(std::move(fn));
  else fn();
}

Transaction::Transaction(Conn& c) : c_(c) {
  c_.begin_write();
  c_.in_tx_ = true;
  c_.hooks_.clear();
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    rollback();
  } catch (...) {
    c_.broken = true;  // a connection that cannot roll back is not reused
  }
}

void Transaction::commit() {
  c_.commit();
  open_ = false;
  c_.in_tx_ = false;
  for (auto& hook : std::exchange(c_.hooks_, {})) hook();
}

void Transaction::rollback() {
  open_ = false;
  c_.in_tx_ = false;
  c_.hooks_.clear();
  c_.rollback();
}

Pool::Lease::~Lease() {
  if (!conn_ || !pool_) return;
  {
    std::lock_guard<std::mutex> lock(pool_->mu_);
    if (conn_->broken) {
      --pool_->open_;
      conn_.reset();
    } else {
      pool_->idle_.push_back(std::move(conn_));
    }
  }
  pool_->freed_.notify_one();
}

Pool::Lease Pool::get() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    freed_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    ++open_;
  }
  try {
    return Lease(this, factory_());
  } catch (...) {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
    freed_.notify_one();
    throw;
  }
}

Pool::Factory connection_factory(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) throw DbError("sqlite: needs a file path, e.g. sqlite:loyalty.db");
    return [path] { return open_sqlite(path); };
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0)
    return [url] { return open_postgres(url); };
  throw DbError("--db must be sqlite:PATH or postgres://...");
}

}  // namespace loyalty::server
