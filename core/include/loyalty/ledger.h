// The append-only ledger. Balance, pending, tier and limits are all derived
// from it (see state.h); nothing else is a source of truth.
#pragma once
#include <optional>
#include <string>
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
  Minor eligible = 0;
};

struct LedgerEntry {
  std::string key;               // idempotency key, unique per customer
  std::string event_id;          // the event that produced it
  EntryType type = EntryType::Adjust;
  Seconds at = 0;                // when it was booked: the ledger's order, never earlier than the entry before
  // When it happened, if earlier than `at` (0: at `at`): a webhook delivered
  // late is booked after what came first, but its order time decides its points.
  Seconds occurred_at = 0;
  Points points = 0;             // change to the available balance
  Points pending = 0;            // change to pending points
  Seconds matures_at = 0;        // Earn: when pending points become available
  Seconds expires_at = 0;        // positive available points: when they expire (0 = never)
  Points tier_points = 0;        // change to points counted for tiers
  Minor spend = 0;               // change to spend counted for tiers
  std::int64_t program_version = 0;
  std::string order_id;
  std::string refund_id;
  std::string reward_id;
  std::string code;              // coupon code (Redeem) or referral code (Referral)
  Minor value = 0;               // money value of a redemption or coupon
  std::string action;            // action type
  std::string tier;              // TierChange / TierReward: tier id; Membership: plan id
  std::string ref;               // key of the entry this one refers to
  std::string partner;
  std::string note;              // merchant's reason, human text
  Minor order_eligible = 0;      // Earn: eligible spend of the order
  Points order_points = 0;       // Earn: all points the order earned; Clawback/Restore: points this refund took/returned
  std::vector<EarnedLine> lines; // Earn: per-line eligible spend
  std::vector<std::string> coupons;  // Earn: coupon codes the order used (links redemptions)
  Seconds until = 0;             // Membership: paid through
  std::string customer_id;       // whose ledger (for entries aimed at another customer)

  Seconds happened_at() const { return occurred_at ? occurred_at : at; }
};

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
