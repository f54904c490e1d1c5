#include "book.h"

#include <algorithm>

namespace loyalty {

Book::Book(const Program& p, const CustomerProfile& who, const LedgerView& stored)
    : p_(p), who_(who), series_(p, {}) {
  view_.reserve(stored.size() + 8);
  for (const LedgerEntry* e : stored) {
    add(*e);
    events_.insert(e->event_id);
  }
  kept_ = view_.size();
}

void Book::add(const LedgerEntry& e) {
  view_.push_back(&e);
  keys_.emplace(e.key, &e);  // the first of a repeated key, as a scan would find it
  series_.add(e);
  if (e.type() == EntryType::Membership) memberships_.push_back(&e);
  if (const auto* moved = e.as<TierChangeEntry>(); moved && e.at >= recorded_at_) {
    recorded_tier_ = moved->tier;
    recorded_at_ = e.at;
  }
  if (e.type() == EntryType::Referral && e.key.rfind("referrer:", 0) == 0) ++referrals_;
  if (e.type() == EntryType::Earn) {
    ++orders_;
    last_order_at_ = std::max(last_order_at_, e.happened_at());
  }
  if (const auto* r = e.as<RedeemEntry>(); r && !r->ref.empty()) offers_used_.insert(r->ref);
  last_at_ = any_ ? std::max(last_at_, e.at) : e.at;
  any_ = true;
}

const LedgerEntry* Book::find(const std::string& key) const {
  auto it = keys_.find(key);
  return it == keys_.end() ? nullptr : it->second;
}

void Book::reset() {
  const LedgerView kept(view_.begin(), view_.begin() + static_cast<std::ptrdiff_t>(kept_));
  view_.clear();
  keys_.clear();
  series_ = TierSeries(p_, {});
  memberships_.clear();
  recorded_tier_.clear();
  recorded_at_ = -1;
  referrals_ = 0;
  orders_ = 0;
  last_order_at_ = 0;
  offers_used_.clear();
  any_ = false;
  events_.clear();
  for (const LedgerEntry* e : kept) {
    add(*e);
    events_.insert(e->event_id);
  }
  replay_.reset();  // replayed again from the kept entries at the next apply
  due_seen_ = 0;
  dirty_ = false;
}

}  // namespace loyalty
