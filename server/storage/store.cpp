#include "storage/store.h"

#include <algorithm>

#include "storage/migrations.h"
#include "storage/ttl_cache.h"

namespace loyalty::server {

Store::Store(const std::string& url, size_t max_connections) : pool_(connection_factory(url), max_connections) {}

std::string Store::kind() { return conn()->name(); }

void Store::ping() { conn()->query("SELECT 1"); }

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

}  // namespace loyalty::server
