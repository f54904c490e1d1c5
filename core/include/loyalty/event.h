// Everything that can happen to a customer's points, as plain data: one type
// per kind, so a field can only be set on the kind that has it; a kind is its
// struct's place in EventBody (as an entry's type is in EntryBody, ledger.h).
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

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

struct OrderPaid {
  Order order;
  std::uint64_t seed = 0;         // the shop's code seed: tells the customer's own referral code
};

struct RefundLine {
  std::string line_id;
  std::int64_t quantity = 0;
};

struct Refund {
  std::string id;
  std::string order_id;
  std::vector<RefundLine> lines;  // refunded lines, or...
  Money amount{-1};              // ...an eligible amount refunded (-1: use lines)
};

struct Action {
  std::string action;             // the program's action type ("review", ...)
};

struct CustomerCreated {
  std::uint64_t seed = 0;         // for the referee's coupon code
};

struct Redeem {
  std::string reward_id;
  Points points{0};              // a Variable reward's points
  std::uint64_t seed = 0;         // for the coupon code
};

struct Adjust {
  Points points{0};
  std::string note;               // the merchant's reason
};

struct Tick {
};

// The referred friend and their order (applied to the referrer).
struct ReferralCompleted {
  std::string referee_id;
  std::string referee_email;
  std::string referee_device;
  std::string referee_order_id;
  Money referee_order_eligible{0};
  bool referee_first_order = true;
  std::uint64_t seed = 0;         // for the referrer's coupon code (the shop's secret)
};

struct MembershipStarted {
  std::string plan_id;
  Seconds period_end = 0;         // paid through
};

struct MembershipEnded {
  std::string plan_id;
};

struct PartnerExchange {
  std::string partner_id;
  bool inbound = true;            // partner points into ours
  Points points{0};              // in: the partner's points; out: ours
};

using EventBody = std::variant<OrderPaid, Refund, Action, CustomerCreated, Redeem, Adjust, Tick, ReferralCompleted,
                               MembershipStarted, MembershipEnded, PartnerExchange>;

static_assert(std::variant_size_v<EventBody> == static_cast<size_t>(EventKind::PartnerExchange) + 1,
              "every EventKind has its struct");

struct Event {
  std::string id;                 // idempotency key
  Seconds at = 0;                 // when it happened (may differ from `now`)
  EventBody body = Tick{};

  // The body's index is the kind: EventBody lists the kinds in EventKind's order.
  EventKind kind() const { return static_cast<EventKind>(body.index()); }
  template <class Kind>
  const Kind* as() const { return std::get_if<Kind>(&body); }
};

}  // namespace loyalty
