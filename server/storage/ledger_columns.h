// A ledger entry's kind-specific fields as the ledger table's columns and the
// merchant's CSV export show them: one flat row for every kind, what the
// entry's kind records and empty (0) where its kind has no such field.
#pragma once
#include <cstdint>
#include <string>

#include "loyalty/ledger.h"

namespace loyalty::server {

struct LedgerColumns {
  std::string order_id;
  std::string reward_id;
  std::string tier;       // a tier, or a membership's plan (stored as "tier")
  std::string code;
  std::string note;
  std::int64_t value = 0;
};

LedgerColumns ledger_columns(const loyalty::LedgerEntry& e);

}  // namespace loyalty::server
