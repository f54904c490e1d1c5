#include "storage/store.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <sstream>

#include "auth/crypto.h"
#include "loyalty/json_io.h"
#include "storage/migrations.h"

namespace loyalty::server {

using nlohmann::json;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Store::Store(const std::string& url, size_t max_connections)
    : pool_(connection_factory(url), max_connections) {}

std::string Store::kind() { return conn()->name(); }

void Store::migrate() {
  auto c = conn();
  c->script("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)");
  const std::string dialect_suffix = std::string(".") + c->name() + ".sql";
  for (const auto& m : migrations()) {
    // NNN_x.sql runs on every store; NNN_x.sqlite.sql / NNN_x.postgres.sql on that one only.
    const std::string name = m.name;
    const bool dialect_only = name.size() > 4 && std::count(name.begin(), name.end(), '.') > 1;
    if (dialect_only && (name.size() < dialect_suffix.size() ||
                         name.compare(name.size() - dialect_suffix.size(), dialect_suffix.size(), dialect_suffix) != 0))
      continue;
    in_write_tx(*c, [&] {
      c->lock_for_migration();
      if (!c->query("SELECT name FROM schema_migrations WHERE name = ?", {std::string(m.name)}).empty()) return;
      c->script(c->dialect_sql(m.sql));
      c->exec("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", {std::string(m.name), now_ms() / 1000});
    });
  }
}

ProgramRecord Store::record_for(const std::string& shop, std::int64_t version, const std::string& body) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = versions_.find({shop, version});
    if (it != versions_.end()) return it->second;
  }
  ProgramRecord r;
  r.version = version;
  r.body = body;
  r.etag = "\"" + shop + "-v" + std::to_string(version) + "-" + to_hex(sha256(body)).substr(0, 16) + "\"";
  auto parsed = loyalty::parse_program(body);
  if (!parsed.ok()) throw DbError("stored program " + shop + " v" + std::to_string(version) + " is invalid: " + parsed.error_text());
  r.program = std::make_shared<const loyalty::Program>(std::move(parsed.value));
  std::lock_guard<std::mutex> lock(mu_);
  versions_[{shop, version}] = r;
  return r;
}

std::optional<ProgramRecord> Store::program(const std::string& shop) {
  const std::int64_t t = now_ms();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = programs_.find(shop);
    if (it != programs_.end() && t - it->second.at_ms < kCacheMs) return it->second.program;
  }
  auto c = conn();
  auto out = program(*c, shop);
  std::lock_guard<std::mutex> lock(mu_);
  if (programs_.size() > 10000) programs_.clear();
  programs_[shop] = {t, out};
  return out;
}

std::optional<ProgramRecord> Store::program(Conn& c, const std::string& shop) {
  auto v = c.query("SELECT MAX(version) FROM programs WHERE shop = ?", {shop});
  if (v.empty() || v[0][0].empty()) return std::nullopt;
  const std::int64_t version = v[0].integer(0);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = versions_.find({shop, version});
    if (it != versions_.end()) return it->second;
  }
  auto rows = c.query("SELECT body FROM programs WHERE shop = ? AND version = ?", {shop, version});
  if (rows.empty()) return std::nullopt;
  return record_for(shop, version, rows[0][0]);
}

std::int64_t Store::put_program(const std::string& shop, std::int64_t now,
                                const std::function<std::string(std::int64_t)>& render) {
  auto c = conn();
  std::int64_t version = in_write_tx(*c, [&] {
    // Lock the shop row so two concurrent PUTs get distinct versions.
    c->query(std::string("SELECT id FROM shops WHERE id = ?") + c->for_update(), {shop});
    auto v = c->query("SELECT COALESCE(MAX(version), 0) FROM programs WHERE shop = ?", {shop});
    const std::int64_t next = v[0].integer(0) + 1;
    c->exec("INSERT INTO programs (shop, version, body, created_at) VALUES (?, ?, ?, ?)", {shop, next, render(next), now});
    return next;
  });
  std::lock_guard<std::mutex> lock(mu_);
  programs_.erase(shop);
  return version;
}

void Store::lock_customer(Conn& c, const std::string& shop, const std::string& id, const std::string& referral_code,
                          std::int64_t now) {
  c.exec("INSERT INTO customers (shop, id, profile, referral_code, created_at, next_check_at) VALUES (?, ?, ?, ?, ?, ?) "
         "ON CONFLICT (shop, id) DO NOTHING",
         {shop, id, loyalty::dump(json{{"id", id}, {"created_at", now}}), referral_code, now, now + 86400});
  c.query(std::string("SELECT id FROM customers WHERE shop = ? AND id = ?") + c.for_update(), {shop, id});
}

bool Store::customer_exists(Conn& c, const std::string& shop, const std::string& id) {
  return !c.query("SELECT 1 FROM customers WHERE shop = ? AND id = ?", {shop, id}).empty();
}

namespace {

// A stored profile, or an empty one with this id when the text is not one.
loyalty::CustomerProfile profile_from_text(const std::string& text, const std::string& id) {
  loyalty::CustomerProfile out;
  out.id = id;
  auto j = loyalty::parse_json(text, "profile");
  if (j.ok()) {
    auto p = loyalty::profile_from_json(j.value);
    if (p.ok()) out = p.value;
  }
  return out;
}

// A stored ledger entry; a row that does not parse is a corrupt store, not bad input.
loyalty::LedgerEntry entry_from_text(const std::string& body, const std::string& shop, const std::string& id) {
  auto j = loyalty::parse_json(body, "entry");
  if (!j.ok()) throw DbError("corrupt ledger entry for " + shop + "/" + id);
  auto e = loyalty::entry_from_json(j.value);
  if (!e.ok()) throw DbError("corrupt ledger entry for " + shop + "/" + id + ": " + e.error_text());
  return std::move(e.value);
}

}  // namespace

const loyalty::LedgerEntry& CustomerLedger::entry(size_t i) const {
  const size_t h = head ? head->entries.size() : 0;
  return i < h ? head->entries[i] : tail[i - h];
}

std::int64_t CustomerLedger::seq(size_t i) const {
  const size_t h = head ? head->entries.size() : 0;
  return i < h ? head->seqs[i] : tail_seqs[i - h];
}

loyalty::LedgerView CustomerLedger::view() const {
  loyalty::LedgerView v;
  v.reserve(size());
  if (head)
    for (const auto& e : head->entries) v.push_back(&e);
  for (const auto& e : tail) v.push_back(&e);
  return v;
}

namespace {
// Customers with fewer entries are parsed on every call (a few hundred microseconds at most).
constexpr size_t kLedgerCacheFrom = 64;
// A cached head is replaced by head + tail once this many rows have been added after it.
constexpr size_t kLedgerRefreshAfter = 32;
// Entries kept across all cached customers (~1 KB each), least recently read evicted first.
constexpr size_t kLedgerCacheEntries = 200000;
}  // namespace

CustomerLedger Store::read_customer(Conn& c, const std::string& shop, const std::string& id) {
  CustomerLedger out;
  out.profile.id = id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = ledgers_.find({shop, id});
    if (it != ledgers_.end()) {
      out.head = it->second.head;
      ledger_lru_.splice(ledger_lru_.begin(), ledger_lru_, it->second.lru);
    }
  }
  // Profile and ledger rows in one statement: one snapshot without BEGIN/COMMIT, and one
  // round trip to PostgreSQL instead of four. The profile row (k = 0, seq 0) sorts first:
  // ledger seqs start at 1. Ordered by seq alone, SQLite merges the two in index order.
  const Rows rows = c.query(
      "SELECT 0 AS k, profile, 0 AS seq FROM customers WHERE shop = ? AND id = ? "
      "UNION ALL SELECT 1, body, seq FROM ledger WHERE shop = ? AND customer = ? AND seq > ? ORDER BY 3",
      {shop, id, shop, id, out.head ? out.head->seqs.back() : std::int64_t{0}});
  size_t first = 0;
  if (!rows.empty() && rows[0].integer(0) == 0) {
    first = 1;
    out.profile = profile_from_text(rows[0][1], id);
  }
  out.tail.reserve(rows.size() - first);
  out.tail_seqs.reserve(rows.size() - first);
  for (size_t i = first; i < rows.size(); ++i) {
    out.tail_seqs.push_back(rows[i].integer(2));
    out.tail.push_back(entry_from_text(rows[i][1], shop, id));
  }
  if (out.size() >= kLedgerCacheFrom && out.size() <= kLedgerCacheEntries &&
      (!out.head || out.tail.size() >= kLedgerRefreshAfter)) {
    auto head = std::make_shared<LedgerHead>();
    head->entries.reserve(out.size());
    head->seqs.reserve(out.size());
    if (out.head) {
      head->entries = out.head->entries;  // shared with other readers: copied, never changed
      head->seqs = out.head->seqs;
    }
    std::move(out.tail.begin(), out.tail.end(), std::back_inserter(head->entries));
    head->seqs.insert(head->seqs.end(), out.tail_seqs.begin(), out.tail_seqs.end());
    out.tail.clear();
    out.tail_seqs.clear();
    out.head = head;
    if (c.in_write_tx) c.after_commit.push_back([this, shop, id, head] { cache_head(shop, id, head); });
    else cache_head(shop, id, std::move(head));
  }
  return out;
}

void Store::cache_head(const std::string& shop, const std::string& id, std::shared_ptr<const LedgerHead> head) {
  std::lock_guard<std::mutex> lock(mu_);
  auto key = std::make_pair(shop, id);
  auto it = ledgers_.find(key);
  if (it != ledgers_.end()) {
    // Two readers raced: keep the longer prefix (both are true prefixes of the ledger).
    if (it->second.head->seqs.back() >= head->seqs.back()) return;
    ledger_cached_entries_ -= it->second.head->entries.size();
    it->second.head = std::move(head);
    ledger_cached_entries_ += it->second.head->entries.size();
    ledger_lru_.splice(ledger_lru_.begin(), ledger_lru_, it->second.lru);
  } else {
    ledger_lru_.push_front(key);
    ledger_cached_entries_ += head->entries.size();
    ledgers_.emplace(key, CachedLedger{std::move(head), ledger_lru_.begin()});
  }
  while (ledger_cached_entries_ > kLedgerCacheEntries && !ledger_lru_.empty()) {
    auto last = ledgers_.find(ledger_lru_.back());
    ledger_cached_entries_ -= last->second.head->entries.size();
    ledgers_.erase(last);
    ledger_lru_.pop_back();
  }
}

void Store::save_profile(Conn& c, const std::string& shop, const loyalty::CustomerProfile& p) {
  c.exec("UPDATE customers SET profile = ? WHERE shop = ? AND id = ?", {loyalty::dump(loyalty::to_json(p)), shop, p.id});
}

int Store::insert_entries(Conn& c, const std::string& shop, const std::string& customer,
                          const std::vector<loyalty::LedgerEntry>& entries) {
  int n = 0;
  for (const auto& e : entries) {
    n += static_cast<int>(c.exec(
        "INSERT INTO ledger (shop, customer, key, event_id, type, at, points, pending, value, program_version, order_id, "
        "reward_id, tier, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, customer, key) DO NOTHING",
        {shop, customer, e.key, e.event_id, std::string(loyalty::entry_type_name(e.type)), e.at, e.points, e.pending, e.value,
         e.program_version, e.order_id, e.reward_id, e.tier, loyalty::dump(loyalty::to_json(e))}));
  }
  return n;
}

void Store::set_next_check(Conn& c, const std::string& shop, const std::string& customer, std::int64_t at) {
  c.exec("UPDATE customers SET next_check_at = ? WHERE shop = ? AND id = ?", {at, shop, customer});
}

std::vector<std::string> Store::due_customers(Conn& c, const std::string& shop, std::int64_t now, int limit) {
  std::vector<std::string> out;
  for (const auto& r : c.query("SELECT id FROM customers WHERE shop = ? AND next_check_at <= ? ORDER BY next_check_at LIMIT ?",
                               {shop, now, static_cast<std::int64_t>(limit)}))
    out.push_back(r[0]);
  return out;
}

std::optional<std::string> Store::customer_by_code(Conn& c, const std::string& shop, const std::string& code) {
  auto rows = c.query("SELECT id FROM customers WHERE shop = ? AND referral_code = ?", {shop, code});
  if (rows.empty()) return std::nullopt;
  return rows[0][0];
}

std::optional<std::string> Store::customer_by_order(Conn& c, const std::string& shop, const std::string& order_id) {
  auto rows = c.query("SELECT customer FROM ledger WHERE shop = ? AND order_id = ? AND type = 'earn' LIMIT 1", {shop, order_id});
  if (rows.empty()) return std::nullopt;
  return rows[0][0];
}

bool Store::delivery_seen(Conn& c, const std::string& shop, const std::string& source, const std::string& id) {
  return !c.query("SELECT 1 FROM deliveries WHERE shop = ? AND source = ? AND id = ?", {shop, source, id}).empty();
}

void Store::record_delivery(Conn& c, const std::string& shop, const std::string& source, const std::string& id,
                            std::int64_t now, const std::string& outcome) {
  c.exec("INSERT INTO deliveries (shop, source, id, received_at, outcome) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (shop, source, id) DO NOTHING",
         {shop, source, id, now, outcome});
}

std::optional<Store::Idempotent> Store::idempotent(Conn& c, const std::string& shop, const std::string& customer,
                                                   const std::string& key) {
  auto rows = c.query("SELECT status, response, request_hash FROM idempotency WHERE shop = ? AND customer = ? AND key = ?",
                      {shop, customer, key});
  if (rows.empty()) return std::nullopt;
  return Idempotent{static_cast<int>(rows[0].integer(0)), rows[0][1], rows[0][2]};
}

void Store::save_idempotent(Conn& c, const std::string& shop, const std::string& customer, const std::string& key,
                            const Idempotent& answer, std::int64_t now) {
  c.exec("INSERT INTO idempotency (shop, customer, key, status, response, request_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
         "ON CONFLICT (shop, customer, key) DO NOTHING",
         {shop, customer, key, static_cast<std::int64_t>(answer.status), answer.response, answer.request_hash, now});
}

void Store::record_referral_visit(Conn& c, const std::string& shop, const std::string& code, std::int64_t now) {
  c.exec("INSERT INTO referral_visits (shop, code, day, visits) VALUES (?, ?, ?, 1) "
         "ON CONFLICT (shop, code, day) DO UPDATE SET visits = referral_visits.visits + 1",
         {shop, code, now / 86400});
}

namespace {
std::vector<StoredEntry> to_entries(const Rows& rows) {
  std::vector<StoredEntry> out;
  for (const auto& r : rows) {
    StoredEntry s;
    s.seq = r.integer(0);
    s.customer = r[1];
    auto j = loyalty::parse_json(r[2], "entry");
    if (j.ok()) {
      auto e = loyalty::entry_from_json(j.value);
      if (e.ok()) s.entry = std::move(e.value);
    }
    out.push_back(std::move(s));
  }
  return out;
}
}  // namespace

std::vector<StoredEntry> Store::entries_page(Conn& c, const std::string& shop, const std::string& customer,
                                             std::int64_t before_seq, int limit) {
  return to_entries(c.query(
      "SELECT seq, customer, body FROM ledger WHERE shop = ? AND customer = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
      {shop, customer, before_seq, static_cast<std::int64_t>(limit)}));
}

std::vector<StoredEntry> Store::shop_entries(Conn& c, const std::string& shop, std::int64_t after_seq, int limit) {
  return to_entries(c.query("SELECT seq, customer, body FROM ledger WHERE shop = ? AND seq > ? ORDER BY seq LIMIT ?",
                            {shop, after_seq, static_cast<std::int64_t>(limit)}));
}

}  // namespace loyalty::server
