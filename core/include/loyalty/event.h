// Everything that can happen to a customer's points, as plain data.
#pragma once
#include <cstdint>
#include <string>

#include "loyalty/cart.h"
#include "loyalty/money.h"
#include "loyalty/time.h"

namespace loyalty {

enum class EventKind {
  OrderPaid,
  Refund,
  Action,             // review, social follow, site visit... (birthday comes via Tick)
  CustomerCreated,    // signup bonus, referee reward
  Redeem,
  Adjust,
  Tick,               // time-driven work: maturing, expiry, birthdays, tier changes
  ReferralCompleted,  // applied to the referrer when a referred friend's order qualifies
  MembershipStarted,  // paid membership bought or renewed
  MembershipEnded,
  PartnerExchange,
};
const char* event_kind_name(EventKind k);

struct RefundLine {
  std::string line_id;
  std::int64_t quantity = 0;
};

struct Refund {
  std::string id;
  std::string order_id;
  std::vector<RefundLine> lines;  // refunded lines, or...
  Minor amount = -1;              // ...an eligible amount refunded (-1: use lines)
};

struct Event {
  std::string id;               // idempotency key
  EventKind kind = EventKind::Tick;
  Seconds at = 0;               // when it happened (may differ from `now`)
  Order order;                  // OrderPaid
  Refund refund;                // Refund
  std::string action;           // Action
  std::string reward_id;        // Redeem
  Points points = 0;            // Redeem (Variable reward), Adjust, PartnerExchange
  std::string note;             // Adjust reason
  std::uint64_t seed = 0;       // Redeem, CustomerCreated: seed for codes
  // ReferralCompleted: the referred friend and their order
  std::string referee_id;
  std::string referee_email;
  std::string referee_device;
  std::string referee_order_id;
  Minor referee_order_eligible = 0;
  bool referee_first_order = true;
  // MembershipStarted
  std::string plan_id;
  Seconds period_end = 0;
  // PartnerExchange
  std::string partner_id;
  bool inbound = true;          // partner points into ours
};

}  // namespace loyalty
