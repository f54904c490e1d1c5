#include "replay.h"

#include <algorithm>
#include <limits>

namespace loyalty {

namespace {
constexpr Seconds kNever = kNoDueTime;
constexpr Seconds kBirthdayGrace = 30 * kDay;  // a late timer still grants a birthday

// An order delivered after its pending window matures when it is booked.
Seconds matures(const LedgerEntry& earn) { return std::max(earn.matures_at, earn.at); }

bool beyond(std::int64_t v) { return v > kMaxAmount || v < -kMaxAmount; }

bool is_activity(EntryType t) {
  switch (t) {
    case EntryType::Earn: case EntryType::Action: case EntryType::Referral: case EntryType::Redeem:
    case EntryType::Exchange: case EntryType::Membership: case EntryType::Adjust:
      return true;
    default:
      return false;
  }
}
}  // namespace

Replay::Replay(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now)
    : p_(p), who_(who), birthday_(p.find_action("birthday")), now_(now), sorted_(ledger) {
  // Time order, ledger order within a second (insertion sort: ledgers arrive nearly sorted).
  for (size_t i = 1; i < sorted_.size(); ++i)
    for (size_t j = i; j > 0 && sorted_[j - 1]->at > sorted_[j]->at; --j) std::swap(sorted_[j - 1], sorted_[j]);
  // Every due step retires a maturation, a lot expiry or a birthday: bounded.
  budget_ = 4 * sorted_.size() + 16;
}

void Replay::append(const LedgerEntry& e) {
  sorted_.push_back(&e);
  budget_ += 4;
  if (keys_built_) keys_.insert(e.key);
}

// Most replays owe nothing: the key index is built only when a due entry needs it.
bool Replay::has_key(const std::string& key) const {
  if (!keys_built_) {
    for (const LedgerEntry* e : sorted_) keys_.insert(e->key);
    for (const auto& e : due_) keys_.insert(e.key);
    for (const auto& k : due_skipped_) keys_.insert(k);
    keys_built_ = true;
  }
  return keys_.count(key) > 0;
}

LedgerView Replay::all() const {
  LedgerView out = sorted_;
  for (const auto& e : due_) out.push_back(&e);
  return out;
}

void Replay::add_lot(Points points, Seconds expires_at, Seconds at) {
  // Under AllowDebt, new points repay the debt first.
  if (debt_ > 0) {
    Points repay = std::min(debt_, points);
    debt_ -= repay;
    points -= repay;
  }
  if (points <= 0) return;
  Lot lot{points, expires_at, at};
  auto key = [](const Lot& l) { return l.expires_at == 0 ? kNever : l.expires_at; };
  auto it = std::upper_bound(lots_.begin(), lots_.end(), lot, [&](const Lot& a, const Lot& b) { return key(a) < key(b); });
  lots_.insert(it, lot);
}

void Replay::consume(Points points) {
  // Oldest-expiring points are spent first.
  while (points > 0 && !lots_.empty()) {
    Lot& front = lots_.front();
    Points take = std::min(front.remaining, points);
    front.remaining -= take;
    points -= take;
    if (front.remaining == 0) lots_.pop_front();
  }
  debt_ = saturating_add(debt_, points);
}

void Replay::process(const LedgerEntry& e) {
  balance_ = saturating_add(balance_, e.points);
  pending_ = saturating_add(pending_, e.pending);
  // Issued: what an award gave (pending included), not points moving from pending to available.
  if (e.type() == EntryType::Earn) earned_ = saturating_add(earned_, saturating_add(e.points, e.pending));
  else if (e.points > 0 && e.type() != EntryType::Mature && e.type() != EntryType::Restore && e.type() != EntryType::Offset)
    earned_ = saturating_add(earned_, e.points);
  if (e.points > 0) {
    add_lot(e.points, p_.lifecycle.expiry == ExpiryMode::AfterEarning ? e.expires_at : 0, e.at);
  } else if (e.points < 0) {
    consume(-e.points);
  }
  if (is_activity(e.type())) last_activity_ = std::max(last_activity_, e.at);
  switch (e.type()) {
    case EntryType::Earn:
      if (e.pending > 0) {
        auto [it, fresh] = unmatured_.emplace(e.key, &e);
        if (!fresh) {  // the same key twice (a hand-made ledger): the later one matures
          maturing_.erase({matures(*it->second), it->first});
          it->second = &e;
        }
        maturing_.insert({matures(e), it->first});
        pending_left_[e.key] += e.pending;
      }
      break;
    case EntryType::Mature: {
      const std::string& earn = e.as<MatureEntry>()->ref;
      if (auto it = unmatured_.find(earn); it != unmatured_.end()) forget_unmatured(it);
      pending_left_.erase(earn);
      break;
    }
    case EntryType::Clawback:
      clawed_ = saturating_add(clawed_, -saturating_add(e.points, e.pending));
      if (const std::string& earn = e.as<ClawbackEntry>()->ref; e.pending < 0 && pending_left_.count(earn))
        pending_left_[earn] += e.pending;
      break;
    case EntryType::Offset:
      // pending < 0: a shortfall held against future points; > 0: repaid.
      owed_ = saturating_add(owed_, -e.pending);
      if (e.pending < 0) clawed_ = saturating_add(clawed_, -e.pending);
      break;
    case EntryType::Redeem:
      redeemed_ = saturating_add(redeemed_, -e.points);
      break;
    case EntryType::Restore:
      redeemed_ = saturating_add(redeemed_, -e.points);
      break;
    case EntryType::Expire:
      expired_ = saturating_add(expired_, -e.points);
      break;
    default:
      break;
  }
  tier_points_ = saturating_add(tier_points_, e.tier_points);
  spend_ = saturating_add(spend_, e.spend);
  check_limits();
}

void Replay::check_limits() {
  for (std::int64_t v : {balance_.raw(), pending_.raw(), owed_.raw(), debt_.raw(), earned_.raw(), redeemed_.raw(), expired_.raw(),
                         clawed_.raw(), tier_points_.raw(), spend_.raw()})
    if (beyond(v)) over_ = true;
}

Seconds Replay::inactivity_expiry() const {
  if (p_.lifecycle.expiry != ExpiryMode::AfterInactivity || lots_.empty() || last_activity_ == 0) return 0;
  return last_activity_ + p_.lifecycle.expiry_days * kDay;
}

Seconds Replay::next_birthday_due() const {
  if (!birthday_ || !who_.birthday) return kNever;
  const TimeZone& off = p_.zone;
  const int year = local_date(now_, off).year;
  // This year's birthday or last year's, whichever is due and unpaid.
  for (int y : {year - 1, year}) {
    CivilDate d{y, who_.birthday->month, who_.birthday->day};
    if (d.day > days_in_month(y, d.month)) d.day = days_in_month(y, d.month);
    Seconds t = local_day_start(d, off);
    if (t > now_ || now_ - t >= kBirthdayGrace || t < who_.created_at) continue;
    if (has_key("birthday:" + std::to_string(y))) continue;
    return t;
  }
  return kNever;
}

Seconds Replay::next_due_time() const {
  Seconds t = kNever;
  if (!maturing_.empty()) t = std::min(t, maturing_.begin()->first);
  if (p_.lifecycle.expiry == ExpiryMode::AfterEarning && !lots_.empty() && lots_.front().expires_at)
    t = std::min(t, lots_.front().expires_at);
  if (Seconds inactive = inactivity_expiry()) t = std::min(t, inactive);
  t = std::min(t, next_birthday_due());
  return t;
}

Seconds Replay::next_due_after() const {
  Seconds t = next_due_time();
  if (!birthday_ || !who_.birthday) return t;
  // next_birthday_due() sees only a birthday already due: the timer also needs the next one to come.
  const int year = local_date(now_, p_.zone).year;
  for (int y : {year, year + 1}) {
    CivilDate d{y, who_.birthday->month, std::min(who_.birthday->day, days_in_month(y, who_.birthday->month))};
    const Seconds start = local_day_start(d, p_.zone);
    if (start > now_ && start >= who_.created_at) return std::min(t, start);
  }
  return t;
}

void Replay::emit(LedgerEntry e) {
  e.program_version = p_.version;
  e.customer_id = who_.id;
  if (has_key(e.key)) return;  // already written: never twice
  due_.push_back(std::move(e));
  keys_.insert(due_.back().key);  // has_key built the index
  process(due_.back());
  repay_owed(due_.back());
}

void Replay::repay_owed(const LedgerEntry& e) {
  if (e.points <= 0 || owed_ <= 0 || balance_ <= 0) return;
  if (p_.lifecycle.negative_balance != NegativeBalancePolicy::HoldAsPending) return;
  LedgerEntry off;
  off.key = "offset:" + e.key;
  if (has_key(off.key)) return;  // written already, replayed in its turn
  off.body = OffsetEntry{{e.key, ""}, ""};
  off.at = e.at;
  off.points = -std::min(owed_, balance_);
  off.pending = -off.points;
  off.event_id = e.event_id;
  if (now_ >= e.at) emit(off);
}

void Replay::forget_unmatured(std::map<std::string_view, const LedgerEntry*>::iterator it) {
  maturing_.erase({matures(*it->second), it->first});
  unmatured_.erase(it);
}

void Replay::emit_due_at(Seconds t) {
  // Maturing first, then expiry, then birthdays: a fixed order, so native and wasm agree.
  // (In earn key order at the same instant.)
  std::vector<const LedgerEntry*> maturing;
  for (auto it = maturing_.begin(); it != maturing_.end() && it->first == t; ++it) maturing.push_back(unmatured_.find(it->second)->second);
  for (const LedgerEntry* earn : maturing) {
    const std::string& key = earn->key;
    Points left = pending_left_[key];
    forget_unmatured(unmatured_.find(key));
    pending_left_.erase(key);
    if (left <= 0) continue;  // all of it was clawed back while pending
    LedgerEntry m;
    m.key = "mature:" + key;
    m.body = MatureEntry{{key, earn->as<EarnEntry>()->order_id}};
    m.at = t;
    m.points = left;
    m.pending = -left;
    if (p_.lifecycle.expiry == ExpiryMode::AfterEarning) m.expires_at = t + p_.lifecycle.expiry_days * kDay;
    emit(m);
  }
  if (p_.lifecycle.expiry == ExpiryMode::AfterEarning) {
    Points amount{};
    for (const Lot& lot : lots_) {  // soonest expiry first: stop at the first that lives on
      if (!lot.expires_at || lot.expires_at > t) break;
      amount += lot.remaining;
    }
    if (amount > 0) {
      LedgerEntry x;
      x.key = "expire:" + std::to_string(t);
      x.body = ExpireEntry{};
      x.at = t;
      x.points = -amount;
      emit(x);
    }
    // Only a hand-edited ledger could leave expired lots here; drop them so time moves on.
    while (!lots_.empty() && lots_.front().expires_at && lots_.front().expires_at <= t) lots_.pop_front();
  }
  if (Seconds inactive = inactivity_expiry(); inactive && inactive <= t && balance_ > 0) {
    LedgerEntry x;
    x.key = "expire-inactive:" + std::to_string(inactive);
    x.at = inactive;
    x.points = -balance_;
    x.body = ExpireEntry{"no activity for " + std::to_string(p_.lifecycle.expiry_days) + " days"};
    emit(x);
    lots_.clear();
  } else if (inactive && inactive <= t) {
    lots_.clear();  // nothing left to expire
  }
  if (next_birthday_due() == t) {
    const ActionRule* rule = birthday_;
    LedgerEntry b;
    b.key = "birthday:" + std::to_string(local_date(t, p_.zone).year);
    b.body = ActionEntry{"birthday"};
    b.at = t;
    b.points = rule->points;
    b.tier_points = rule->points;
    if (p_.lifecycle.expiry == ExpiryMode::AfterEarning) b.expires_at = t + p_.lifecycle.expiry_days * kDay;
    if (b.points > 0) emit(b);
    else {
      due_skipped_.push_back(b.key);  // nothing to award; remember the year is done
      if (keys_built_) keys_.insert(due_skipped_.back());
    }
  }
}

void Replay::run_to(Seconds now) {
  now_ = now;
  while (true) {
    const Seconds next_existing = next_ < sorted_.size() ? sorted_[next_]->at : kNever;
    const Seconds next_due = next_due_time();
    // Written entries go first at equal times: a due entry already written is not owed again.
    if (next_due <= now_ && next_due < next_existing && budget_ > 0) {
      --budget_;
      emit_due_at(next_due);
      continue;
    }
    if (next_ >= sorted_.size()) break;
    process(*sorted_[next_]);
    repay_owed(*sorted_[next_]);
    ++next_;
  }
}

}  // namespace loyalty
