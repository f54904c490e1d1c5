#include "storage/customer_repo.h"

#include "loyalty/json_io.h"
#include "loyalty/next_check.h"
#include "storage/ledger_columns.h"

namespace loyalty::server {

namespace {

// A stored JSON row read back through the core's reader (profile_from_json, entry_from_json).
template <class T, class Read>
T from_text(const std::string& text, const char* what, const std::string& shop, const std::string& id, Read read) {
  auto j = loyalty::parse_json(text, what);
  if (!j.ok()) throw CorruptRow(std::string("corrupt ") + what + " for " + shop + "/" + id + ": " + j.error_text());
  auto v = read(j.value);
  if (!v.ok()) throw CorruptRow(std::string("corrupt ") + what + " for " + shop + "/" + id + ": " + v.error_text());
  return std::move(v.value);
}

loyalty::CustomerProfile profile_from_text(const std::string& text, const std::string& shop, const std::string& id) {
  return from_text<loyalty::CustomerProfile>(text, "customer profile", shop, id, [](const loyalty::json& j) { return loyalty::profile_from_json(j); });
}

// Rows of (seq, customer, body).
std::vector<StoredEntry> to_entries(const Rows& rows, const std::string& shop) {
  std::vector<StoredEntry> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.integer(0), r[1], entry_from_text(r[2], shop, r[1])});
  return out;
}

}  // namespace

loyalty::LedgerEntry entry_from_text(const std::string& body, const std::string& shop, const std::string& id) {
  return from_text<loyalty::LedgerEntry>(body, "ledger entry", shop, id, [](const loyalty::json& j) { return loyalty::entry_from_json(j); });
}

void CustomerRepo::lock(Conn& c, const std::string& shop, const std::string& id, const std::string& referral_code,
                        std::int64_t now) {
  c.exec("INSERT INTO customers (shop, id, profile, referral_code, created_at, next_check_at) VALUES (?, ?, ?, ?, ?, ?) "
         "ON CONFLICT (shop, id) DO NOTHING",
         {shop, id, loyalty::dump(loyalty::json{{"id", id}, {"created_at", now}}), referral_code, now,
          loyalty::next_check_at(loyalty::kNoDueTime, loyalty::kNoDueTime, now)});
  c.query(std::string("SELECT id FROM customers WHERE shop = ? AND id = ?") + c.for_update(), {shop, id});
}

bool CustomerRepo::exists(Conn& c, const std::string& shop, const std::string& id) {
  return !c.query("SELECT 1 FROM customers WHERE shop = ? AND id = ?", {shop, id}).empty();
}

CustomerRows CustomerRepo::read(Conn& c, const std::string& shop, const std::string& id, std::int64_t after_seq) {
  // The profile row (k = 0, seq 0) sorts first: ledger seqs start at 1. Ordered by
  // seq alone, SQLite merges the two in index order.
  const Rows rows = c.query(
      "SELECT 0 AS k, profile, 0 AS seq, notes FROM customers WHERE shop = ? AND id = ? "
      "UNION ALL SELECT 1, body, seq, '' FROM ledger WHERE shop = ? AND customer = ? AND seq > ? ORDER BY 3",
      {shop, id, shop, id, after_seq});
  CustomerRows out;
  out.profile.id = id;
  size_t first = 0;
  if (!rows.empty() && rows[0].integer(0) == 0) {
    first = 1;
    out.profile = profile_from_text(rows[0][1], shop, id);
    out.notes = rows[0][3];
  }
  out.entries.reserve(rows.size() - first);
  out.seqs.reserve(rows.size() - first);
  for (size_t i = first; i < rows.size(); ++i) {
    out.seqs.push_back(rows[i].integer(2));
    out.entries.push_back(entry_from_text(rows[i][1], shop, id));
  }
  return out;
}

void CustomerRepo::save_profile(Conn& c, const std::string& shop, const loyalty::CustomerProfile& p) {
  c.exec("UPDATE customers SET profile = ? WHERE shop = ? AND id = ?", {loyalty::dump(loyalty::to_json(p)), shop, p.id});
}

int CustomerRepo::insert_entries(Conn& c, const std::string& shop, const std::string& customer,
                                 const std::vector<loyalty::LedgerEntry>& entries) {
  int n = 0;
  for (const auto& e : entries) {
    const LedgerColumns col = ledger_columns(e);
    n += static_cast<int>(c.exec(
        "INSERT INTO ledger (shop, customer, key, event_id, type, at, points, pending, value, program_version, order_id, "
        "reward_id, tier, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, customer, key) DO NOTHING",
        {shop, customer, e.key, e.event_id, std::string(loyalty::entry_type_name(e.type())), e.at, e.points.raw(), e.pending.raw(), col.value,
         e.program_version, col.order_id, col.reward_id, col.tier, loyalty::dump(loyalty::to_json(e))}));
  }
  return n;
}

void CustomerRepo::set_next_check(Conn& c, const std::string& shop, const std::string& customer, std::int64_t at,
                                  const std::optional<std::string>& notes) {
  // The time only when it changed: setting the same one still rewrites its customers_due entry, a WAL page
  // per order (BENCHMARKS.md "Shopper notes stored compactly"). The notes alone touch no index.
  c.exec("UPDATE customers SET next_check_at = ? WHERE shop = ? AND id = ? AND next_check_at <> ?", {at, shop, customer, at});
  if (notes) c.exec("UPDATE customers SET notes = ? WHERE shop = ? AND id = ?", {*notes, shop, customer});
}

std::vector<std::string> CustomerRepo::due(Conn& c, const std::string& shop, std::int64_t now, int limit) {
  std::vector<std::string> out;
  for (const auto& r : c.query("SELECT id FROM customers WHERE shop = ? AND next_check_at <= ? ORDER BY next_check_at LIMIT ?",
                               {shop, now, static_cast<std::int64_t>(limit)}))
    out.push_back(r[0]);
  return out;
}

std::optional<std::string> CustomerRepo::by_referral_code(Conn& c, const std::string& shop, const std::string& code) {
  auto rows = c.query("SELECT id FROM customers WHERE shop = ? AND referral_code = ?", {shop, code});
  if (rows.empty()) return std::nullopt;
  return rows[0][0];
}

std::optional<std::string> CustomerRepo::by_order(Conn& c, const std::string& shop, const std::string& order_id) {
  auto rows = c.query("SELECT customer FROM ledger WHERE shop = ? AND order_id = ? AND type = 'earn' LIMIT 1", {shop, order_id});
  if (rows.empty()) return std::nullopt;
  return rows[0][0];
}

void CustomerRepo::record_referral_visit(Conn& c, const std::string& shop, const std::string& code, std::int64_t now) {
  c.exec("INSERT INTO referral_visits (shop, code, day, visits) VALUES (?, ?, ?, 1) "
         "ON CONFLICT (shop, code, day) DO UPDATE SET visits = referral_visits.visits + 1",
         {shop, code, now / 86400});
}

std::vector<StoredEntry> CustomerRepo::entries_page(Conn& c, const std::string& shop, const std::string& customer,
                                                    std::int64_t before_seq, int limit) {
  return to_entries(
      c.query("SELECT seq, customer, body FROM ledger WHERE shop = ? AND customer = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
              {shop, customer, before_seq, static_cast<std::int64_t>(limit)}),
      shop);
}

std::vector<StoredEntry> CustomerRepo::shop_entries(Conn& c, const std::string& shop, std::int64_t after_seq, int limit) {
  return to_entries(c.query("SELECT seq, customer, body FROM ledger WHERE shop = ? AND seq > ? ORDER BY seq LIMIT ?",
                            {shop, after_seq, static_cast<std::int64_t>(limit)}),
                    shop);
}

}  // namespace loyalty::server
