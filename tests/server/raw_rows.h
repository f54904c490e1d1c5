// Rows written with raw SQL, as a bad manual edit or a broken migration would.
#pragma once
#include <string>

#include "storage/store.h"

namespace test {

inline void raw_sql(const std::string& db, const std::string& sql, const loyalty::server::Params& params) {
  loyalty::server::Store store(db, 1);
  auto c = store.conn();
  c->exec(sql, params);
}

inline void insert_ledger_row(const std::string& db, const std::string& shop, const std::string& who, const std::string& key,
                              const std::string& body) {
  raw_sql(db,
          "INSERT INTO ledger (shop, customer, key, event_id, type, at, points, pending, value, program_version, order_id, "
          "reward_id, tier, body) VALUES (?, ?, ?, ?, 'earn', 1700000000, 5, 0, 0, 1, '', '', '', ?)",
          {shop, who, key, key, body});
}

}  // namespace test
