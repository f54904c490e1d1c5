#include "loyalty/notification.h"

#include <algorithm>
#include <map>

#include "loyalty/engine.h"
#include "loyalty/win_back.h"
#include "replay.h"

namespace loyalty {

const char* notification_kind_name(NotificationKind k) {
  switch (k) {
    case NotificationKind::PointsEarned: return "points_earned";
    case NotificationKind::PointsMatured: return "points_matured";
    case NotificationKind::RewardUnlocked: return "reward_unlocked";
    case NotificationKind::TierReached: return "tier_reached";
    case NotificationKind::TierLost: return "tier_lost";
    case NotificationKind::PointsExpiring: return "points_expiring";
    case NotificationKind::ReferralCompleted: return "referral_completed";
    case NotificationKind::WinBackOffer: return "win_back_offer";
  }
  return "?";
}

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// -1 below the first tier: a move to a higher index is reached, to a lower one lost.
int tier_rank(const Program& p, const std::string& id) {
  for (size_t i = 0; i < p.tiers.tiers.size(); ++i)
    if (p.tiers.tiers[i].id == id) return static_cast<int>(i);
  return -1;
}

Notification make(NotificationKind kind, std::string key, Seconds now, Points balance) {
  Notification n;
  n.kind = kind;
  n.key = std::move(key);
  n.at = now;
  n.balance = balance;
  return n;
}

// What one written entry tells the customer, if anything.
void from_entry(const Program& p, const LedgerEntry& e, Seconds now, Points balance, std::vector<Notification>& out) {
  switch (e.type()) {
    case EntryType::Mature: {
      if (e.points <= 0) return;
      Notification n = make(NotificationKind::PointsMatured, "matured:" + e.key, now, balance);
      n.points = e.points;
      n.order_id = e.as<MatureEntry>()->order_id;
      out.push_back(n);
      return;
    }
    case EntryType::TierChange: {
      const auto& moved = *e.as<TierChangeEntry>();
      const bool up = tier_rank(p, moved.tier) > tier_rank(p, moved.previous_tier);
      Notification n = make(up ? NotificationKind::TierReached : NotificationKind::TierLost, "tier:" + e.key, now, balance);
      n.tier = moved.tier;
      n.previous_tier = moved.previous_tier;
      out.push_back(n);
      return;
    }
    case EntryType::Referral:
      if (starts_with(e.key, "referrer:")) {
        Notification n = make(NotificationKind::ReferralCompleted, "referral:" + e.key, now, balance);
        n.points = e.points;
        n.referee_id = e.key.substr(9);
        n.order_id = e.as<ReferralEntry>()->order_id;
        out.push_back(n);
        return;
      }
      break;  // the referee's own reward: points earned below
    case EntryType::Earn: case EntryType::Action: case EntryType::TierReward: case EntryType::Adjust:
    case EntryType::Membership: case EntryType::Exchange:
      break;
    default:
      return;  // spending, expiry, clawback, restores and offsets tell nothing new
  }
  const Points points = e.points + e.pending;
  if (points <= 0) return;
  Notification n = make(NotificationKind::PointsEarned, "earned:" + e.key, now, balance);
  n.points = points;
  n.pending = e.pending;
  n.source = entry_type_name(e.type());
  if (const auto* earn = e.as<EarnEntry>()) n.order_id = earn->order_id;
  if (const auto* done = e.as<ActionEntry>()) n.action = done->action;
  if (const auto* reward = e.as<TierRewardEntry>()) n.tier = reward->tier;
  out.push_back(n);
}

// Points still to expire after `now`, by the instant they expire: each lot
// earned (after_earning), or the whole balance (after_inactivity).
std::map<Seconds, Points> expiring_batches(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now) {
  Replay r(p, who, ledger, now);
  r.run();
  std::map<Seconds, Points> out;
  if (p.lifecycle.expiry == ExpiryMode::AfterEarning) {
    for (const Lot& lot : r.lots())
      if (lot.expires_at > now && lot.remaining > 0) out[lot.expires_at] += lot.remaining;
  } else if (Seconds t = r.inactivity_expiry(); t > now && r.balance() > 0) {
    out[t] = r.balance();
  }
  return out;
}

Points written_balance(const LedgerView& ledger) {
  Points b{};
  for (const LedgerEntry* e : ledger) b += e->points;
  return b;
}

}  // namespace

Notices notices_for(const Program& p, const CustomerProfile& who, const LedgerView& before,
                    const std::vector<LedgerEntry>& added, Seconds now) {
  Notices out;
  // The balance as written, before and after: a crossing is told once, by
  // the write that made it (a tick writing matured points included).
  const Points was = written_balance(before);
  Points is = was;
  for (const auto& e : added) is += e.points;
  for (const auto& e : added) from_entry(p, e, now, is, out.list);

  if (!added.empty() && is > was) {
    for (const Reward& r : p.rewards) {
      const Points cost = least_points(r);
      if (cost <= 0 || !(was < cost && cost <= is)) continue;
      // Keyed by the last entry written: a later crossing (after spending) is told again.
      Notification n = make(NotificationKind::RewardUnlocked, "unlocked:" + r.id + ":" + added.back().key, now, is);
      n.reward_id = r.id;
      n.points = cost;
      out.list.push_back(n);
    }
  }

  const bool expiry_notices = p.lifecycle.expiry_notice_days > 0 && p.lifecycle.expiry != ExpiryMode::Never;
  const bool win_back = p.churn_days > 0 && p.win_back.enabled();
  if (!expiry_notices && !win_back) return out;

  LedgerView after = before;
  for (const auto& e : added) after.push_back(&e);
  if (expiry_notices) {
    const Seconds ahead = p.lifecycle.expiry_notice_days * kDay;
    for (const auto& [expires_at, points] : expiring_batches(p, who, after, now)) {
      if (now < expires_at - ahead) {
        out.next_at = std::min(out.next_at, expires_at - ahead);
        continue;
      }
      // One notice per batch: the points expiring at one instant.
      Notification n = make(NotificationKind::PointsExpiring, "expiring:" + std::to_string(expires_at), now, is);
      n.points = points;
      n.expires_at = expires_at;
      out.list.push_back(n);
    }
  }
  if (win_back) {
    const CustomerState s = state_at(p, who, after, now);
    if (auto w = win_back_at(p, s, now)) {
      Notification n = make(NotificationKind::WinBackOffer, win_back_key(*w), now, s.balance);
      n.offer = p.win_back;
      n.offer_starts_at = w->starts_at;
      n.expires_at = w->ends_at;
      out.list.push_back(n);
    }
    out.next_at = std::min(out.next_at, next_win_back_at(p, s, now));
  }
  return out;
}

json to_json(const Notification& n, const Program& p) {
  json j = json::object();
  j["type"] = notification_kind_name(n.kind);
  j["at"] = format_iso8601(n.at);
  j["balance"] = n.balance;
  auto put = [&](const char* k, const std::string& v) { if (!v.empty()) j[k] = v; };
  switch (n.kind) {
    case NotificationKind::PointsEarned:
      j["points"] = n.points;
      j["pending"] = n.pending;
      j["source"] = n.source;
      put("order_id", n.order_id);
      put("action", n.action);
      put("tier", n.tier);
      break;
    case NotificationKind::PointsMatured:
      j["points"] = n.points;
      put("order_id", n.order_id);
      break;
    case NotificationKind::RewardUnlocked: {
      j["reward_id"] = n.reward_id;
      j["points"] = n.points;
      if (const Reward* r = p.find_reward(n.reward_id)) j["reward_name"] = r->name;
      break;
    }
    case NotificationKind::TierReached: case NotificationKind::TierLost:
      j["tier"] = n.tier;
      j["previous_tier"] = n.previous_tier;
      break;
    case NotificationKind::PointsExpiring:
      j["points"] = n.points;
      j["expires_at"] = format_iso8601(n.expires_at);
      break;
    case NotificationKind::ReferralCompleted:
      j["points"] = n.points;
      j["referee_id"] = n.referee_id;
      put("order_id", n.order_id);
      break;
    case NotificationKind::WinBackOffer: {
      json offer = json::object();
      offer["starts_at"] = format_iso8601(n.offer_starts_at);
      offer["ends_at"] = format_iso8601(n.expires_at);
      if (n.offer.bonus_points > 0) offer["bonus_points"] = n.offer.bonus_points;
      if (!n.offer.reward_id.empty()) {
        offer["reward_id"] = n.offer.reward_id;
        offer["reward_cost"] = n.offer.reward_cost;
      }
      j["offer"] = offer;
      break;
    }
  }
  return j;
}

}  // namespace loyalty
