// The customer's state at an instant, derived from the ledger alone.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "loyalty/ledger.h"
#include "loyalty/program.h"
#include "loyalty/result.h"

namespace loyalty {

struct TierProgress {
  std::string current;           // tier id, "" below the first tier
  std::string next;              // "" at the top
  std::int64_t value = 0;        // qualifying points or spend in the window
  std::int64_t next_threshold = 0;
  std::int64_t remaining = 0;    // to the next tier
};

struct ActionUsage {
  std::string type;
  std::int64_t today = 0;
  std::int64_t this_month = 0;
  std::int64_t lifetime = 0;
  Seconds last_at = 0;
  Seconds available_at = 0;      // earliest next award (cooldown/limits), 0 = now
  bool exhausted = false;        // lifetime limit reached
};

// A win-back lapse and its offer: the lapse begins `churn_days` after the
// customer's last order and ends with their next one; the offer runs from the
// lapse's start to the end of the shop's day on which `valid_days` run out
// (see loyalty/win_back.h). It carries the offer's terms, so a quote from the
// state alone (the widget's) applies it as the award will.
struct WinBackWindow {
  Seconds last_order_at = 0;     // names the lapse ("win_back:<last_order_at>"): one offer per lapse
  Seconds starts_at = 0;         // last order + churn_days
  Seconds ends_at = 0;           // exclusive; 0: no offer
  WinBackOffer offer;            // the program's win_back when the lapse was seen
  bool open_at(Seconds t) const { return t >= starts_at && t < ends_at; }
};

struct CustomerState {
  Points balance{0};            // available now (negative only under AllowDebt)
  Points pending{0};            // held; negative = owed under HoldAsPending
  Points earned{0};             // all points ever awarded (pending included when awarded)
  Points redeemed{0};
  Points expired{0};
  Points clawed_back{0};
  Points next_expiring{0};
  Seconds next_expiry_at = 0;
  TierProgress tier;
  std::string membership;        // active plan id
  Seconds membership_until = 0;
  Seconds last_order_at = 0;
  std::int64_t orders = 0;
  bool churn_risk = false;
  WinBackWindow win_back;        // the win-back offer open now and not yet used (ends_at 0: none)
  std::vector<ActionUsage> actions;  // one per program action
  std::int64_t referrals = 0;    // completed as referrer
};

// A ledger seen through pointers: the engine combines a stored ledger with
// entries it is about to write without copying either.
using LedgerView = std::vector<const LedgerEntry*>;
LedgerView view_of(const std::vector<LedgerEntry>& ledger);

// Entries the passage of time owes a customer by `now` (maturing, expiry,
// birthday). Appending them is what Tick does; state_at applies them
// virtually so a preview never waits for the timer.
std::vector<LedgerEntry> due_entries(const Program& p, const Customer& c, Seconds now);
std::vector<LedgerEntry> due_entries(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now);

// When the passage of time next owes the customer something after `now` (a
// maturing, an expiry, a birthday), or kNoDueTime when nothing ever will; at or
// before `now` when something is owed already. What the server's timer waits for.
constexpr Seconds kNoDueTime = INT64_MAX;
Seconds next_due_at(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now);

// Sum of the ledger plus what is due, as seen at `now`.
CustomerState state_at(const Program& p, const Customer& c, Seconds now);
CustomerState state_at(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now);
// The same, refused (at /ledger) when a total passes kMaxAmount: a ledger
// apply() wrote never does; one written elsewhere may.
Result<CustomerState> checked_state_at(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now);

// Tier qualification value (points or spend) in the window ending at `t`.
std::int64_t tier_value_at(const Program& p, const LedgerView& ledger, Seconds t);
// The tier a customer holds at `t`, retention included ("" for none).
std::string tier_at(const Program& p, const LedgerView& ledger, Seconds t);
TierProgress tier_progress(const Program& p, const LedgerView& ledger, Seconds t);

// How much of an action's limits the customer has used as of `t`: entries
// booked by `booked_by` (default: t) count on the day they happened, so a
// late action is limited by its own day, not the day it was delivered.
ActionUsage action_usage(const Program& p, const ActionRule& rule, const LedgerView& ledger, Seconds t);
ActionUsage action_usage(const Program& p, const ActionRule& rule, const LedgerView& ledger, Seconds t, Seconds booked_by);

// The paid plan active at `t` ("" for none).
std::string membership_at(const LedgerView& ledger, Seconds t);

}  // namespace loyalty
