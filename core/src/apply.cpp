// apply(): an event becomes new ledger entries. Same event twice: nothing new.
// The book keeps the ledger and what is due; each kind of event has its own
// function (apply_context.h lists them).
#include <algorithm>
#include <variant>

#include "apply_context.h"
#include "loyalty/referral_code.h"
#include "loyalty/win_back.h"

namespace loyalty {

namespace {

using namespace apply_event;

constexpr Seconds kFutureSlack = 300;  // clocks disagree a little; not more

// Each kind of event to its own function (std::visit: a kind without one does not compile).
struct Handler {
  Context& x;
  std::string* coupon;
  Out operator()(const OrderPaid& b) const { return order_paid(x, b); }
  Out operator()(const Refund& b) const { return refund(x, b); }
  Out operator()(const Action& b) const { return action(x, b); }
  Out operator()(const CustomerCreated& b) const { return customer_created(x, b, coupon); }
  Out operator()(const Redeem& b) const { return redeem(x, b, coupon); }
  Out operator()(const Adjust& b) const { return adjust(x, b); }
  Out operator()(const Tick&) const { return Out::success({}); }
  Out operator()(const ReferralCompleted& b) const { return referral_completed(x, b); }
  Out operator()(const MembershipStarted& b) const { return membership_started(x, b); }
  Out operator()(const MembershipEnded& b) const { return membership_ended(x, b); }
  Out operator()(const PartnerExchange& b) const { return partner_exchange(x, b); }
};

}  // namespace

Result<Applied> apply(const Program& p, const Customer& c, const Event& e, Seconds now) {
  return apply(p, c.profile, view_of(c.ledger), e, now);
}

Result<Applied> apply(const Program& p, const CustomerProfile& who, const LedgerView& ledger, const Event& e, Seconds now) {
  Book book(p, who, ledger);
  return book.apply(e, now);
}

// The referee's first order (the only earn entry in the ledger) completes the
// referral, unless the code is the customer's own (the order's seed tells it);
// the referrer's own rules (fraud checks, caps) decide when it is applied.
void Book::referral_follow_up(Applied& applied, const OrderPaid& order, Seconds now) const {
  if (!p_.referral.enabled || who_.referred_by.empty()) return;
  const auto is_earn = [](const LedgerEntry* x) { return x->type() == EntryType::Earn; };
  const EarnEntry* earn = nullptr;
  for (const auto& n : applied.entries)
    if (const auto* e = n.as<EarnEntry>()) earn = e;
  if (!earn || std::count_if(view_.begin(), view_.end(), is_earn) != 1) return;
  auto code = apply_event::referral_code_used(who_, order.seed);
  if (!code.ok()) return;  // malformed (refused at signup), or one's own code: no referral
  ReferralCompleted f;
  f.referee_id = who_.id;
  f.referee_email = who_.email;
  f.referee_order_id = earn->order_id;
  f.referee_order_eligible = earn->order_eligible;
  f.referee_first_order = true;
  f.seed = order.seed;  // the referrer's coupon is made with the shop's seed too
  applied.referrer_event = Event{"referral:" + who_.id, now, f};
  applied.referrer_code = code.value;
}

void Book::write(const LedgerEntry& n) {
  owned_.push_back(n);
  add(owned_.back());
}

void Book::write_due() {
  for (; due_seen_ < replay_->due_count(); ++due_seen_) write(replay_->due_entry(due_seen_));
}

// Kept: every entry written from `from` on is the event's, under this program version.
void Book::keep(const Event& e, size_t from, Applied& applied) {
  const size_t written = view_.size() - from;
  for (size_t i = owned_.size() - written; i < owned_.size(); ++i) {
    owned_[i].event_id = e.id;
    owned_[i].program_version = p_.version;
    owned_[i].customer_id = who_.id;
    applied.entries.push_back(owned_[i]);
  }
  if (written > 0) events_.insert(e.id);
  kept_ = view_.size();
  dirty_ = false;
}

Result<Applied> Book::apply(const Event& e, Seconds now) {
  using R = Result<Applied>;
  if (e.at > now + kFutureSlack) return R::failure("/at", "is in the future");
  Applied applied;
  if (events_.count(e.id)) {
    applied.duplicate = true;
    return R::success(applied);
  }
  if (dirty_) reset();
  // The ledger only moves forward: a late event is booked at the latest
  // entry's time, and keeps its own time for what it earns.
  const Seconds placed = std::min(e.at, now);
  const Seconds t = any_ ? std::max(placed, last_at_) : placed;
  dirty_ = true;  // until the event is kept: what follows is written tentatively

  // What time owes the customer by t.
  if (!replay_) replay_ = std::make_unique<Replay>(p_, who_, view_, t);
  replay_->run_to(t);
  const size_t due_from = view_.size();
  write_due();
  Context x{p_, e, who_, *this, view_, t, placed, {}};
  x.s.balance = replay_->balance();
  x.s.tier.current = held_tier(p_, series_, t);
  x.s.membership = membership_at(memberships_, t);
  x.s.referrals = referrals_;
  x.s.orders = orders_;
  x.s.last_order_at = last_order_at_;
  if (auto w = win_back_at(p_, x.s, t); w && !offer_used(win_back_key(*w))) x.s.win_back = *w;

  Out made = std::visit(Handler{x, &applied.coupon_code}, e.body);
  if (!made.ok()) return R::failure(made.errors);
  for (size_t i = 0; i < made.value.size(); ++i) {
    const LedgerEntry& n = made.value[i];
    if (find(n.key)) {  // e.g. the same order under another webhook id
      applied.duplicate = true;
      return R::success(applied);
    }
    for (size_t k = 0; k < i; ++k)  // keys are unique among the new entries too
      if (made.value[k].key == n.key) return R::failure("", "would write the key " + n.key + " twice");
  }
  const size_t made_from = view_.size();
  for (const auto& n : made.value) write(n);
  for (const auto& n : tier_changes(x)) write(n);
  // What the new entries set off at once (shortfalls repaid by new points),
  // and the totals they make: past the limit, nothing is kept.
  for (size_t i = made_from; i < view_.size(); ++i) replay_->append(*view_[i]);
  replay_->run_to(t);
  if (replay_->over_limit())
    return R::failure("", "would take the customer's points past the engine's limit of " + std::to_string(kMaxAmount));
  write_due();
  keep(e, due_from, applied);
  applied.next_due = replay_->next_due_after();
  if (const auto* order = e.as<OrderPaid>()) referral_follow_up(applied, *order, now);
  return R::success(applied);
}

}  // namespace loyalty
