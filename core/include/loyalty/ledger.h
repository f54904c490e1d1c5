// The append-only ledger. Balance, pending, tier and limits are all derived
// from it (see state.h); nothing else is a source of truth.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "loyalty/money.h"
#include "loyalty/time.h"

namespace loyalty {

enum class EntryType {
  Earn,         // points for an order (pending first if the program holds them)
  Mature,       // pending points become available
  Action,       // points for an action (review, birthday, signup...)
  Referral,     // referral reward, either side
  TierChange,   // tier moved (points 0, tier = new tier)
  TierReward,   // entry reward for reaching a tier
  Redeem,       // points spent on a reward
  Restore,      // redeemed points returned after the order they paid for was refunded
  Expire,       // points expired
  Clawback,     // points taken back after a refund
  Offset,       // points held against an earlier shortfall (HoldAsPending)
  Adjust,       // manual correction by the merchant
  Membership,   // paid membership started/renewed/ended (plus join bonus)
  Exchange,     // coalition partner exchange in or out
};
const char* entry_type_name(EntryType t);
std::optional<EntryType> entry_type_from_name(const std::string& name);

// What an order contributed, kept so a refund claws back under the rules that
// awarded the points, not today's.
struct EarnedLine {
  std::string line_id;
  std::int64_t quantity = 0;
  Money eligible{0};
};

// One struct per kind of entry, holding only what that kind records (the
// fields every kind shares, and those the balance derivation reads, are on
// LedgerEntry). The variant below lists them in EntryType's order, so an
// entry's type is its body's index.
struct EarnEntry {
  std::string order_id;
  std::string ref;                  // the win-back lapse this order ended, if any
  Money order_eligible{0};         // eligible spend of the order
  Points order_points{0};           // all points the order earned
  std::vector<EarnedLine> lines;    // per-line eligible spend
  std::vector<std::string> coupons; // coupon codes the order used (links redemptions)
};
// An entry that follows up an earlier entry of an order.
struct FollowUp {
  std::string ref;                  // key of the entry it follows up
  std::string order_id;
};
// What one refund of an order did to an earlier entry: took back what the
// order earned (clawback) or gave back a redemption that paid for it (restore).
struct RefundStep : FollowUp {
  std::string refund_id;
  Points order_points{0};           // points this refund took or gave back
};
struct MatureEntry : FollowUp {     // ref: the earn entry
};
struct ActionEntry {
  std::string action;               // the program's action type
};
struct ReferralEntry {
  std::string code;                 // the referral code used (referee) or the coupon (referrer)
  std::string order_id;             // referrer: the referee's order
  std::string reward_id;            // "referral" when the reward is a coupon
  Money value{0};                  // the coupon's value
  std::string note;
};
struct TierChangeEntry {
  std::string tier;                 // the new tier ("" below the first)
  std::string previous_tier;        // stored as "ref"
};
struct TierRewardEntry {
  std::string tier;
};
struct RedeemEntry {
  std::string reward_id;
  std::string code;                 // the coupon code
  Money value{0};                  // the coupon's money value
  std::string ref;                  // the win-back lapse whose offer it used, if any
};
struct RestoreEntry : RefundStep {  // ref: the redeem entry
  std::string code;
};
struct ExpireEntry {
  std::string note;
};
struct ClawbackEntry : RefundStep { // ref: the earn entry
  std::vector<EarnedLine> lines;    // refunded lines
};
struct OffsetEntry : FollowUp {     // ref: the entry it holds against or repays
  std::string note;
};
struct AdjustEntry {
  std::string note;                 // merchant's reason, human text
};
struct MembershipEntry {
  std::string plan;                 // stored as "tier"
  Seconds until = 0;                // paid through
  Money value{0};                  // the fee
};
struct ExchangeEntry {
  std::string partner;
  std::int64_t value = 0;           // the partner's points, in or out (theirs: not our Points)
};

using EntryBody = std::variant<EarnEntry, MatureEntry, ActionEntry, ReferralEntry, TierChangeEntry, TierRewardEntry,
                               RedeemEntry, RestoreEntry, ExpireEntry, ClawbackEntry, OffsetEntry, AdjustEntry,
                               MembershipEntry, ExchangeEntry>;

struct LedgerEntry {
  std::string key;               // idempotency key, unique per customer
  std::string event_id;          // the event that produced it
  Seconds at = 0;                // when it was booked: the ledger's order, never earlier than the entry before
  // When it happened, if earlier than `at` (0: at `at`): a webhook delivered
  // late is booked after what came first, but its order time decides its points.
  Seconds occurred_at = 0;
  Points points{0};             // change to the available balance
  Points pending{0};            // change to pending points
  Seconds matures_at = 0;        // Earn: when pending points become available
  Seconds expires_at = 0;        // positive available points: when they expire (0 = never)
  Points tier_points{0};        // change to points counted for tiers
  Money spend{0};               // change to spend counted for tiers
  std::int64_t program_version = 0;
  std::string customer_id;       // whose ledger (for entries aimed at another customer)
  EntryBody body = AdjustEntry{};

  // The body's index is the type: the variant lists the kinds in EntryType's order.
  EntryType type() const { return static_cast<EntryType>(body.index()); }
  template <class Kind>
  const Kind* as() const { return std::get_if<Kind>(&body); }
  template <class Kind>
  Kind* as() { return std::get_if<Kind>(&body); }
  Seconds happened_at() const { return occurred_at ? occurred_at : at; }
};

// The order of EntryBody is the one mapping from a struct to its EntryType (and
// so to the name it is stored under): tests/core/ledger_kinds_test.cpp reads a
// stored line of every kind, each member of which only its own struct has.
static_assert(std::variant_size_v<EntryBody> == static_cast<size_t>(EntryType::Exchange) + 1,
              "every EntryType has its struct");

struct CustomerProfile {
  std::string id;
  std::string email;
  std::optional<CivilDate> birthday;
  Seconds created_at = 0;
  std::string referred_by;       // referral code used at signup
  std::vector<std::string> devices;  // device fingerprints seen (fraud rules)
};

struct Customer {
  CustomerProfile profile;
  std::vector<LedgerEntry> ledger;
};

}  // namespace loyalty
