// The core's JSON edge: text in, validated structs out (errors name the field
// as a JSON Pointer); structs out as JSON. Nothing here throws.
#pragma once
#include <string>

#include "loyalty/engine.h"
#include "loyalty/json.h"
#include "loyalty/simulate.h"

namespace loyalty {

constexpr int kMaxJsonDepth = 64;

// Parses text as JSON with a nesting limit; a clear error instead of a throw.
Result<json> parse_json(const std::string& text, const std::string& what);

Result<Program> parse_program(const std::string& text);
Result<Program> program_from_json(const json& j);
// What a quote reads of a program (shop, currency, time zone, earn,
// multipliers, campaigns, rewards, tiers, memberships, free shipping), checked
// exactly as parse_program checks it; actions, referral, lifecycle, partners,
// churn_days, win_back and translations are left unread (default). For the
// storefront's wasm, which quotes programs the server has validated in full and
// so never ships the rest of the checks (a win-back offer comes with the
// customer's state, which is the only place it applies).
Result<Program> parse_program_for_quotes(const std::string& text);
Result<Cart> parse_cart(const std::string& text);
Result<Cart> cart_from_json(const json& j, const std::string& at = "");
Result<CustomerProfile> profile_from_json(const json& j, const std::string& at = "");
// {"id":..., "email":..., "birthday":..., "ledger":[entries]}
Result<Customer> parse_customer(const std::string& text);
Result<Customer> customer_from_json(const json& j);
Result<Event> parse_event(const std::string& text);
Result<Event> event_from_json(const json& j);
// One kind's own members (an object without id, type and at), read as
// event_from_json reads them, with the same messages: a caller that makes the
// id and the time itself (the server's redemptions and adjustments) reads only
// what it was sent. `at` is the event's time (a membership's end must follow it).
Result<EventBody> event_body_from_json(EventKind kind, const json& members, Seconds at = 0);
Result<LedgerEntry> entry_from_json(const json& j, const std::string& at = "");
// One JSON entry per line; blank lines skipped.
Result<std::vector<LedgerEntry>> parse_ledger_jsonl(const std::string& text);

// The state as to_json(CustomerState) writes it; what a quote needs of it
// (balance, pending, tier, membership, the win-back offer the customer holds:
// its terms and window) is read back, the rest is display.
Result<CustomerState> state_from_json(const json& j);

// The program written back out, normalised: every field, defaults filled,
// instants in UTC; program_from_json reads it as the same Program. What the
// server serves the storefront.
json to_json(const Program& p);
// The profile as profile_from_json reads it back.
json to_json(const CustomerProfile& p);
json to_json(const LedgerEntry& e);
json to_json(const Quote& q, const Program& p);
json to_json(const CustomerState& s, const Program& p);
// redeem_options(p, s, now) as the server's /me and the widget read it, one object per program reward.
json to_json(const std::vector<RewardOption>& options, const Program& p);
json to_json(const SimulationReport& r, const Program& p);
json errors_json(const Errors& errors);

// Compact, stable, never throws (invalid UTF-8 is replaced).
std::string dump(const json& j);

}  // namespace loyalty
