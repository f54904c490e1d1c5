// Private: what apply()'s event handlers share (apply.cpp dispatches to them):
// the event's context, and the one way an entry is made.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "book.h"
#include "loyalty/engine.h"

namespace loyalty::apply_event {

using Entries = std::vector<LedgerEntry>;
using Out = Result<Entries>;

struct Context {
  const Program& p;
  const Event& e;
  const CustomerProfile& who;
  const Book& book;
  const LedgerView& ledger;   // stored entries, then what is due (the book's view)
  Seconds t = 0;              // when the new entries are booked (never before the last one)
  Seconds placed = 0;         // when the event happened: it decides what it earns
  CustomerState s;            // as of t
};

// An entry the event makes: booked at t, happened when the event did.
inline LedgerEntry entry(const Context& x, const std::string& key, EntryBody body) {
  LedgerEntry n;
  n.key = key;
  n.body = std::move(body);
  n.at = x.t;
  if (x.placed != x.t) n.occurred_at = x.placed;
  return n;
}

// When points booked at `at` expire (0: never).
inline Seconds expiry_for(const Program& p, Seconds at) {
  return p.lifecycle.expiry == ExpiryMode::AfterEarning ? at + p.lifecycle.expiry_days * kDay : 0;
}

// Points the customer earns now: available, counted for tiers, expiring as the program says.
inline void award(const Context& x, LedgerEntry& n, Points points) {
  n.points = points;
  n.tier_points = points;
  n.expires_at = expiry_for(x.p, x.t);
}

// One function per kind of event. Orders (apply_order.cpp):
Out order_paid(Context& x, const OrderPaid& paid);
Out refund(Context& x, const Refund& f);
// Points the customer or the merchant moves (apply_points.cpp):
Out action(Context& x, const Action& a);
Out redeem(Context& x, const Redeem& w, std::string* coupon);
Out adjust(Context& x, const Adjust& a);
Out partner_exchange(Context& x, const PartnerExchange& px);
// A new customer and referrals (apply_referral.cpp):
Out customer_created(Context& x, const CustomerCreated& c, std::string* coupon);
// The referral code the customer came with (referred_by), normalised; "" when
// none. Refused when malformed, and when it is the customer's own code (made
// from the shop's `seed`): a shopper's own code is never a referral.
Result<std::string> referral_code_used(const CustomerProfile& who, std::uint64_t seed);
Out referral_completed(Context& x, const ReferralCompleted& e);
// Memberships and tiers (apply_status.cpp):
Out membership_started(Context& x, const MembershipStarted& m);
Out membership_ended(Context& x, const MembershipEnded& m);
Entries tier_changes(const Context& x);  // after every event

}  // namespace loyalty::apply_event
