// SQLite: WAL, a commit on disk before we answer 2xx (group fsync, below),
// BEGIN IMMEDIATE for writers, a busy timeout instead of failing on a lock.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "storage/db.h"

namespace loyalty::server {

namespace {

// Group fsync of the WAL. synchronous=FULL is NORMAL plus an fsync of the WAL after
// every commit, inside the writer lock, so writers queue behind each other's
// fsync. Here commits run with NORMAL and each committer, after releasing the
// writer lock and before its answer goes out, waits for one fsync of the WAL that
// began after its commit was written: commits made while an fsync runs share the
// next one. An acknowledged write is as durable as with FULL.
class WalSync {
 public:
  explicit WalSync(std::string wal_path) : path_(std::move(wal_path)) {}
  // Right after a COMMIT returned: its place in the order of commits.
  std::uint64_t committed() {
    std::lock_guard<std::mutex> lock(mu_);
    return ++committed_;
  }
  void wait_durable(std::uint64_t ticket) {
    std::unique_lock<std::mutex> lock(mu_);
    while (synced_ < ticket) {
      if (syncing_) {
        cv_.wait(lock);
        continue;
      }
      syncing_ = true;
      const std::uint64_t covers = committed_;  // every one of these is already written
      lock.unlock();
      // Opened each time: the WAL file is the one at this path now.
      const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      const int err = fd < 0 ? errno : (::fdatasync(fd) == 0 ? 0 : errno);
      if (fd >= 0) ::close(fd);
      lock.lock();
      syncing_ = false;
      if (!err) synced_ = std::max(synced_, covers);
      cv_.notify_all();
      if (err) throw DbError(std::string("sqlite: cannot sync ") + path_ + ": " + std::strerror(err));
    }
  }

 private:
  const std::string path_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t committed_ = 0, synced_ = 0;
  bool syncing_ = false;
};

// SQLite's allocation statistics take one process-wide mutex on every malloc
// and free: under paced /me it was the futex workers waited on most (BENCHMARKS.md
// "The /me tail against 23a1957"). The server never reads the statistics. Must
// precede SQLite's initialisation, which the first open does.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

// One SQLite handle and its prepared statements (kept: a statement is prepared
// once per handle).
class Handle {
 public:
  Handle(const std::string& path, const char* pragmas) {
    configure_sqlite_once();
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DbError("sqlite: cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 30000);
    try {
      script(pragmas);
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    for (auto& s : stmts_) sqlite3_finalize(s.second);
    sqlite3_close(db_);
  }

  void script(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      throw DbError("sqlite: " + msg);
    }
  }
  std::int64_t changes() const { return sqlite3_changes(db_); }
  bool in_transaction() const { return !sqlite3_get_autocommit(db_); }

  void run(const std::string& sql, const Params& params, Rows* rows) {
    sqlite3_stmt* st = prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() { sqlite3_reset(s); sqlite3_clear_bindings(s); }
    } reset{st};
    for (size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      if (std::holds_alternative<std::int64_t>(params[i])) sqlite3_bind_int64(st, at, std::get<std::int64_t>(params[i]));
      else if (std::holds_alternative<std::string>(params[i])) {
        const auto& s = std::get<std::string>(params[i]);
        sqlite3_bind_text(st, at, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      } else sqlite3_bind_null(st, at);
    }
    std::shared_ptr<const std::vector<std::string>> names;
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw DbError(std::string("sqlite: ") + sqlite3_errmsg(db_));
      if (!rows) continue;
      Row r;
      const int n = sqlite3_column_count(st);
      if (!names) {
        auto v = std::make_shared<std::vector<std::string>>();
        for (int c = 0; c < n; ++c) v->emplace_back(sqlite3_column_name(st, c));
        names = std::move(v);
      }
      r.columns = names;
      r.cells.reserve(n);
      for (int c = 0; c < n; ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        r.cells.emplace_back(t ? reinterpret_cast<const char*>(t) : "", t ? sqlite3_column_bytes(st, c) : 0);
      }
      rows->push_back(std::move(r));
    }
  }

 private:
  sqlite3_stmt* prepare(const std::string& sql) {
    auto it = stmts_.find(sql);
    if (it != stmts_.end()) return it->second;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
      throw DbError(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in: " + sql);
    stmts_.emplace(sql, st);
    return st;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> stmts_;
};

constexpr const char* kPragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";  // + WalSync
// The writing handle's cache may grow to 64 MiB: it stays valid across commits, so it holds the pages writes touch.
constexpr const char* kWriterPragmas =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;";

// What every connection of this process to one database file shares.
struct SharedFile {
  explicit SharedFile(const std::string& p) : path(p), wal(p + "-wal") {}
  const std::string path;
  // One writer at a time. SQLite enforces it with its lock, but a writer that finds
  // it taken polls for it (busy handler: sleeps of 1, 2, 5 ... 100 ms), so under
  // concurrent webhooks the lock sat free while waiters slept. Writers in this
  // process queue here first and start the moment the previous one commits; the
  // SQLite lock and busy timeout still order writers of other processes.
  std::mutex writer;
  // Every write transaction of this process runs on this one handle (opened by the
  // first, used only by the holder of `writer`). SQLite drops a handle's page cache
  // whenever another handle has written, so a write on any pooled connection re-read
  // the B-tree pages it touched (about 35 preads a webhook); this handle's own
  // commits keep its cache valid.
  std::unique_ptr<Handle> writing;
  WalSync wal;
};

// Shared while any connection to the file is open: the last one to close closes
// the writing handle (a file deleted and made again at the same path gets a new one).
std::shared_ptr<SharedFile> shared_file(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<SharedFile>> by_path;
  std::lock_guard<std::mutex> lock(mu);
  auto& entry = by_path[path];
  std::shared_ptr<SharedFile> f = entry.lock();
  if (!f) entry = f = std::make_shared<SharedFile>(path);
  return f;
}

class SqliteConn : public Conn {
 public:
  explicit SqliteConn(const std::string& path) : file_(shared_file(path)), own_(path, kPragmas) {}
  ~SqliteConn() override { release_writer(); }

  Rows query(const std::string& sql, const Params& params) override {
    Rows rows;
    active_->run(sql, params, &rows);
    return rows;
  }
  std::int64_t exec(const std::string& sql, const Params& params) override {
    active_->run(sql, params, nullptr);
    return active_->changes();
  }
  void script(const std::string& sql) override { active_->script(sql); }
  const char* for_update() const override { return ""; }
  void lock_for_migration() override {}  // BEGIN IMMEDIATE already excludes other writers
  const char* name() const override { return "sqlite"; }

 protected:
  const char* auto_increment_key() const override { return "INTEGER PRIMARY KEY AUTOINCREMENT"; }
  void begin_write() override {
    file_->writer.lock();
    writing_ = true;
    try {
      if (!file_->writing) file_->writing = std::make_unique<Handle>(file_->path, kWriterPragmas);
      active_ = file_->writing.get();
      active_->run("BEGIN IMMEDIATE", {}, nullptr);
    } catch (...) {
      release_writer();
      throw;
    }
  }
  void commit() override {
    std::uint64_t ticket = 0;
    {
      ReleaseWhenEnded release{this};
      active_->run("COMMIT", {}, nullptr);
      ticket = file_->wal.committed();
    }  // the next writer starts while this commit is made durable
    file_->wal.wait_durable(ticket);
  }
  void rollback() override {
    ReleaseWhenEnded release{this};
    if (active_->in_transaction()) active_->run("ROLLBACK", {}, nullptr);
  }

 private:
  // The writer lock is given up once SQLite has no transaction open (a failed
  // COMMIT leaves it open: the rollback that follows ends it).
  struct ReleaseWhenEnded {
    SqliteConn* c;
    ~ReleaseWhenEnded() {
      if (!c->active_->in_transaction()) c->release_writer();
    }
  };

  void release_writer() {
    if (!writing_) return;
    // Never hand the next writer an open transaction (a connection dropped mid-way).
    if (active_->in_transaction()) try {
        active_->run("ROLLBACK", {}, nullptr);
      } catch (const DbError&) {
        file_->writing.reset();  // closing the handle rolls it back
      }
    writing_ = false;
    active_ = &own_;
    file_->writer.unlock();
  }

  std::shared_ptr<SharedFile> file_;
  Handle own_;            // reads outside a write transaction
  Handle* active_ = &own_;  // file_->writing from begin_write to COMMIT/ROLLBACK
  bool writing_ = false;  // this connection holds file_->writer (from begin_write to COMMIT/ROLLBACK)
};

}  // namespace

std::unique_ptr<Conn> open_sqlite(const std::string& path) { return std::make_unique<SqliteConn>(path); }

}  // namespace loyalty::server
