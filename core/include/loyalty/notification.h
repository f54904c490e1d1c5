// Which notifications a change to a customer's ledger causes: decided here,
// purely, from the ledger before, the entries just written and `now`. The
// server stores them in its outbox in the same transaction as the entries and
// delivers them; the key makes a second cause of the same notice write nothing.
#pragma once
#include <string>
#include <vector>

#include "loyalty/json.h"
#include "loyalty/ledger.h"
#include "loyalty/program.h"
#include "loyalty/state.h"

namespace loyalty {

enum class NotificationKind {
  PointsEarned,       // an order, action, referral, tier or membership bonus, adjustment added points
  PointsMatured,      // pending points became available
  RewardUnlocked,     // the balance passed a reward's cost
  TierReached,
  TierLost,
  PointsExpiring,     // a batch of points expires within the program's expiry_notice_days
  ReferralCompleted,  // to the referrer: a friend's order completed their referral
  WinBackOffer,       // no order in churn_days: the program's offer, once per lapse
};
const char* notification_kind_name(NotificationKind k);

struct Notification {
  NotificationKind kind = NotificationKind::PointsEarned;
  std::string key;               // unique per customer: the same cause never notifies twice
  Seconds at = 0;
  Points points{0};             // earned (pending included), matured, expiring points; unlocked: the reward's cost
  Points pending{0};            // earned: how many of `points` are held for now
  Points balance{0};            // the available balance after the change
  std::string source;            // earned: the entry type (earn, action, referral, tier_reward, adjust...)
  std::string order_id;
  std::string action;
  std::string reward_id;
  std::string tier;              // tier reached (lost: the tier held now, "" for none)
  std::string previous_tier;
  Seconds expires_at = 0;        // expiring: when the batch expires; win-back: when the offer ends
  std::string referee_id;        // referral completed
  Seconds offer_starts_at = 0;   // win-back
  WinBackOffer offer;            // win-back
};

struct Notices {
  std::vector<Notification> list;
  // When time alone will next cause one (an expiry notice, a lapse), for the
  // timer; kNoDueTime when nothing will.
  Seconds next_at = kNoDueTime;
};

// `before` is the ledger as stored, `added` the entries this change wrote
// (empty for a tick that wrote nothing: time-driven notices still come).
Notices notices_for(const Program& p, const CustomerProfile& who, const LedgerView& before,
                    const std::vector<LedgerEntry>& added, Seconds now);

// {"type", "at", ...the fields the kind uses}; times as ISO 8601.
json to_json(const Notification& n, const Program& p);

}  // namespace loyalty
