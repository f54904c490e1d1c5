// When the server's timer next needs to look at a customer: the one rule, so
// every write (a webhook, a redemption, a tick) stores the same time.
#pragma once
#include "loyalty/time.h"

namespace loyalty {

// The earlier of when time alone next owes the customer an entry (next_due_at,
// Applied::next_due) and a notice (Notices::next_at), both kNoDueTime for
// never; and at most a day after `now`, so a program changed since (a
// birthday reward added) is seen within a day.
Seconds next_check_at(Seconds next_due, Seconds next_notice, Seconds now);

}  // namespace loyalty
