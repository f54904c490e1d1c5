#include "service/customer_view.h"

#include <algorithm>

#include "loyalty/engine.h"
#include "loyalty/json_io.h"
#include "loyalty/member_events.h"
#include "loyalty/referral_code.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "service/customer_writes.h"
#include "service/shopper_notes.h"

namespace loyalty::server {

using nlohmann::json;

namespace {

json entry_json(const loyalty::LedgerEntry& e, std::int64_t seq) {
  json j = to_nlohmann(loyalty::to_json(e));
  j["seq"] = seq;
  return j;
}

}  // namespace

json CustomerView::state(const ShopRecord& shop, const std::string& customer, std::int64_t now) const {
  const ProgramRecord prog = require_program(store_, shop.id);
  const loyalty::Program& p = *prog.program;
  CustomerLedger cu;
  {
    auto c = store_.conn();
    cu = store_.ledgers().read(*c, shop.id, customer);  // one statement, one snapshot, notes included
  }
  const loyalty::CustomerState s = loyalty::state_at(p, cu.profile, cu.view(), now);
  json activity = json::array();
  const int page = 20;
  const size_t n = cu.size();
  for (int i = static_cast<int>(n) - 1, k = 0; i >= 0 && k < page; --i, ++k)
    activity.push_back(entry_json(cu.entry(static_cast<size_t>(i)), cu.seq(static_cast<size_t>(i))));
  json next = nullptr;
  if (n > static_cast<size_t>(page)) next = std::to_string(cu.seq(n - page));
  const std::string code = loyalty::format_code(loyalty::make_referral_code(shop.code_seed, customer));
  const std::string base = shop.origins.empty() ? "" : shop.origins.front() + "/";
  return {{"customer_id", customer},
          {"state", to_nlohmann(loyalty::to_json(s, p))},
          {"referral", {{"code", code}, {"link", base + "?ref=" + code}}},
          {"rewards", to_nlohmann(loyalty::to_json(loyalty::redeem_options(p, s, now), p))},
          {"member_events", to_nlohmann(loyalty::member_events_json(p, loyalty::member_events_for(p, s, now), now))},
          {"activity", activity},
          {"next_cursor", next},
          {"notes", unseen_notes(p, customer, cu.notes, now)}};
}

json CustomerView::activity(const ShopRecord& shop, const std::string& customer, const std::string& cursor, int limit) const {
  std::int64_t before = INT64_MAX;
  if (!cursor.empty()) {
    if (cursor.size() > 18 || !std::all_of(cursor.begin(), cursor.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      throw ApiError(400, "cursor must be the next_cursor of an earlier page", "");
    before = std::stoll(cursor);
  }
  if (limit < 1 || limit > 200) throw ApiError(400, "limit must be 1 to 200", "");
  auto c = store_.conn();
  auto rows = store_.customers().entries_page(*c, shop.id, customer, before, limit + 1);
  json items = json::array();
  json next = nullptr;
  for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i) items.push_back(entry_json(rows[i].entry, rows[i].seq));
  if (rows.size() > static_cast<size_t>(limit)) next = std::to_string(rows[limit - 1].seq);
  return {{"customer_id", customer}, {"entries", items}, {"next_cursor", next}};
}

}  // namespace loyalty::server
