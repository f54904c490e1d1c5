#include "loyalty/program.h"

#include <algorithm>

#include "loyalty/event.h"
#include "loyalty/ledger.h"

namespace loyalty {

template <class T, class Get>
static const T* find_by(const std::vector<T>& items, const std::string& key, Get get) {
  for (const auto& item : items)
    if (get(item) == key) return &item;
  return nullptr;
}

const ActionRule* Program::find_action(const std::string& type) const {
  return find_by(actions, type, [](const ActionRule& a) { return a.type; });
}
const Reward* Program::find_reward(const std::string& id) const {
  return find_by(rewards, id, [](const Reward& r) { return r.id; });
}
const Tier* Program::find_tier(const std::string& id) const {
  return find_by(tiers.tiers, id, [](const Tier& t) { return t.id; });
}
const MembershipPlan* Program::find_membership(const std::string& id) const {
  return find_by(memberships, id, [](const MembershipPlan& m) { return m.id; });
}
const Partner* Program::find_partner(const std::string& id) const {
  return find_by(partners, id, [](const Partner& m) { return m.id; });
}

bool Reward::for_tier(const std::string& tier) const {
  return tiers.empty() || std::find(tiers.begin(), tiers.end(), tier) != tiers.end();
}

const char* reward_kind_name(RewardKind k) {
  switch (k) {
    case RewardKind::FixedDiscount: return "fixed_discount";
    case RewardKind::PercentDiscount: return "percent_discount";
    case RewardKind::FreeShipping: return "free_shipping";
    case RewardKind::FreeProduct: return "free_product";
    case RewardKind::Variable: return "variable";
    case RewardKind::Cashback: return "cashback";
  }
  return "fixed_discount";
}

static const char* const kEntryNames[] = {"earn", "mature", "action", "referral", "tier_change", "tier_reward", "redeem",
                                          "restore", "expire", "clawback", "offset", "adjust", "membership", "exchange"};

const char* entry_type_name(EntryType t) { return kEntryNames[static_cast<int>(t)]; }

std::optional<EntryType> entry_type_from_name(const std::string& name) {
  for (int i = 0; i < static_cast<int>(sizeof kEntryNames / sizeof *kEntryNames); ++i)
    if (name == kEntryNames[i]) return static_cast<EntryType>(i);
  return std::nullopt;
}

const char* event_kind_name(EventKind k) {
  switch (k) {
    case EventKind::OrderPaid: return "order_paid";
    case EventKind::Refund: return "refund";
    case EventKind::Action: return "action";
    case EventKind::CustomerCreated: return "customer_created";
    case EventKind::Redeem: return "redeem";
    case EventKind::Adjust: return "adjust";
    case EventKind::Tick: return "tick";
    case EventKind::ReferralCompleted: return "referral_completed";
    case EventKind::MembershipStarted: return "membership_started";
    case EventKind::MembershipEnded: return "membership_ended";
    case EventKind::PartnerExchange: return "partner_exchange";
  }
  return "tick";
}

}  // namespace loyalty
