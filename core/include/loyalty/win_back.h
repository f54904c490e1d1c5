// Win-back: who is at churn risk and what they are offered, decided from the
// ledger alone, so the timer, the widget and the next order all agree.
#pragma once
#include <optional>

#include "loyalty/program.h"
#include "loyalty/state.h"

namespace loyalty {

// A lapse begins `churn_days` after the customer's last order and ends with
// their next one; its offer runs from the lapse's start for `valid_days`.
struct WinBackWindow {
  Seconds last_order_at = 0;     // names the lapse: one offer per lapse
  Seconds starts_at = 0;         // last order + churn_days
  Seconds ends_at = 0;           // exclusive
};

// The offer open to the customer at `now`: the program has churn_days and an
// offer, the customer has ordered, the last order is churn_days old and the
// offer's days are not over. nullopt otherwise.
std::optional<WinBackWindow> win_back_at(const Program& p, const CustomerState& s, Seconds now);
// When the customer's current lapse begins, if that is after `now` (kNoDueTime otherwise).
Seconds next_win_back_at(const Program& p, const CustomerState& s, Seconds now);

}  // namespace loyalty
