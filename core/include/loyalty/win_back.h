// Win-back: who is at churn risk and what they are offered, decided from the
// ledger alone, so the timer, the widget and the next order all agree.
#pragma once
#include <optional>
#include <string>

#include "loyalty/program.h"
#include "loyalty/state.h"

namespace loyalty {

// The lapse whose offer is open at `now` (WinBackWindow, in state.h): the
// program has churn_days and an offer, the customer has ordered, the last order
// is churn_days old and the offer's days are not over. nullopt otherwise.
// Whether the offer was used already is the ledger's to say (win_back_used).
std::optional<WinBackWindow> win_back_at(const Program& p, const CustomerState& s, Seconds now);
// When the customer's current lapse begins, if that is after `now` (kNoDueTime otherwise).
Seconds next_win_back_at(const Program& p, const CustomerState& s, Seconds now);
// The key naming a lapse, in notifications and in the ref of the ledger
// entries that used its offer: "win_back:<last order at>".
std::string win_back_key(const WinBackWindow& w);
// The last order a lapse's key names (the lapse began churn_days after it, under
// the program of the time): nullopt for any other key.
std::optional<Seconds> win_back_lapse_since(const std::string& key);
// A reward-at-a-lower-cost offer is used by one redemption (its entry's ref is
// the lapse's key); a bonus offer by the order that ends the lapse.
bool win_back_used(const LedgerView& ledger, const WinBackWindow& w);
// What `r` costs this customer at `now`: the win-back price while their offer is open.
Points reward_cost_now(const Reward& r, const CustomerState& s, Seconds now);

}  // namespace loyalty
