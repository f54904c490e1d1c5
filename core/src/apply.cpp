// apply(): an event becomes new ledger entries. Same event twice: nothing new.
#include <algorithm>
#include <variant>

#include "loyalty/engine.h"
#include "loyalty/referral_code.h"
#include "book.h"

namespace loyalty {

namespace {

constexpr Seconds kFutureSlack = 300;  // clocks disagree a little; not more

using Entries = std::vector<LedgerEntry>;

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
LedgerEntry entry(const Context& x, EntryType type, const std::string& key) {
  LedgerEntry n;
  n.key = key;
  n.type = type;
  n.at = x.t;
  if (x.placed != x.t) n.occurred_at = x.placed;
  return n;
}

// Each code once, in first-seen order: a code listed twice is one code.
std::vector<std::string> unique_codes(const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes)
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

Seconds expiry_for(const Program& p, Seconds at) {
  return p.lifecycle.expiry == ExpiryMode::AfterEarning ? at + p.lifecycle.expiry_days * kDay : 0;
}

const LedgerEntry* find_key(const Context& x, const std::string& key) { return x.book.find(key); }

std::string normalized_email(const std::string& email) {
  std::string s;
  for (char c : email) s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  size_t at = s.rfind('@');
  if (at == std::string::npos) return s;
  std::string local = s.substr(0, at), domain = s.substr(at + 1);
  local = local.substr(0, local.find('+'));  // "ann+promo@" is "ann@"
  if (domain == "gmail.com" || domain == "googlemail.com") {
    local.erase(std::remove(local.begin(), local.end(), '.'), local.end());
    domain = "gmail.com";
  }
  return local + "@" + domain;
}

using Out = Result<Entries>;

Out order_paid(Context& x, const OrderPaid& paid) {
  const Order& o = paid.order;
  const std::string key = "earn:" + o.id;
  // Campaigns, tier and membership as they were when the shopper paid.
  CustomerState then = x.s;
  then.tier.current = held_tier(x.p, x.book.series(), x.placed);
  then.membership = membership_at(x.book.memberships(), x.placed);
  auto earned = compute_earning(x.p, then, o.cart, x.placed);
  if (!earned.ok()) {
    Errors errs = earned.errors;
    for (auto& err : errs) err.pointer = "/order" + err.pointer;
    return Out::failure(errs);
  }
  const Earning& g = earned.value;
  LedgerEntry n = entry(x, EntryType::Earn, key);
  n.order_id = o.id;
  if (x.p.lifecycle.pending_days > 0) {
    n.pending = g.points;
    n.matures_at = x.placed + x.p.lifecycle.pending_days * kDay;
  } else {
    n.points = g.points;
    n.expires_at = g.points > 0 ? expiry_for(x.p, x.t) : 0;
  }
  n.tier_points = g.points;
  n.spend = g.eligible;
  n.order_eligible = g.eligible;
  n.order_points = g.points;
  for (const auto& l : g.lines) {
    std::int64_t qty = 1;
    for (const auto& cl : o.cart.lines)
      if (cl.id == l.line_id) qty = cl.quantity;
    n.lines.push_back({l.line_id, qty, l.eligible});
  }
  n.coupons = unique_codes(o.cart.coupon_codes);
  return Out::success({n});
}

// Clawback in proportion to the eligible spend refunded so far, using the
// numbers recorded when the order earned (not today's rules); redeemed points
// that paid for the order come back the same way. Cumulative, so never twice.
Out refund(Context& x, const Refund& f) {
  const LedgerEntry* earn = find_key(x, "earn:" + f.order_id);
  if (!earn) return Out::failure("/refund/order_id", "no points were recorded for order " + f.order_id);

  Minor refunded_before = 0;
  Points clawed_before = 0;
  std::vector<std::pair<std::string, std::int64_t>> qty_before;  // line -> refunded quantity
  bool matured = false;
  Points pending_left = earn->pending;
  for (const LedgerEntry* entry : x.ledger) {
    const LedgerEntry& e = *entry;
    if (e.ref != earn->key) continue;
    if (e.type == EntryType::Mature) matured = true;
    if (e.type != EntryType::Clawback) continue;
    refunded_before += -e.spend;
    clawed_before += e.order_points;
    pending_left += e.pending;
    for (const auto& l : e.lines) qty_before.push_back({l.line_id, l.quantity});
  }
  if (matured) pending_left = 0;

  Minor this_eligible = 0;
  std::vector<EarnedLine> refunded_lines;
  if (f.amount >= 0) {
    this_eligible = f.amount;
  } else {
    for (size_t i = 0; i < f.lines.size(); ++i) {
      const RefundLine& rl = f.lines[i];
      const EarnedLine* line = nullptr;
      for (const auto& l : earn->lines)
        if (l.line_id == rl.line_id) line = &l;
      if (!line)
        return Out::failure("/refund/lines/" + std::to_string(i) + "/line_id", "no line '" + rl.line_id + "' in order " + f.order_id);
      std::int64_t before = 0;  // earlier refunds, and earlier mentions in this one
      for (const auto& q : qty_before)
        if (q.first == rl.line_id) before += q.second;
      for (const auto& q : refunded_lines)
        if (q.line_id == rl.line_id) before += q.quantity;
      const std::int64_t qty = std::min(rl.quantity, line->quantity - before);
      if (qty <= 0) continue;
      // Cumulative per line: refunding every unit refunds every cent.
      const Minor cum_before = mul_div(line->eligible, before, line->quantity, Rounding::Floor).value_or(0);
      const Minor cum_after = mul_div(line->eligible, before + qty, line->quantity, Rounding::Floor).value_or(0);
      this_eligible += cum_after - cum_before;
      refunded_lines.push_back({rl.line_id, qty, cum_after - cum_before});
    }
  }
  this_eligible = std::min(this_eligible, earn->order_eligible - refunded_before);
  const Minor cumulative = refunded_before + this_eligible;
  const bool full = cumulative >= earn->order_eligible;
  auto share = [&](Points whole) -> Points {
    if (full) return whole;
    return mul_div(whole, cumulative, earn->order_eligible, Rounding::Floor).value_or(0);
  };

  Entries out;
  Points balance = x.s.balance;
  // Redeemed points that paid for this order come back first.
  for (const auto& code : unique_codes(earn->coupons))
    for (const LedgerEntry* redeemed : x.ledger) {
      const LedgerEntry& r = *redeemed;
      if (r.type != EntryType::Redeem || r.code != code) continue;
      Points restored_before = 0;
      for (const LedgerEntry* e : x.ledger)
        if (e->type == EntryType::Restore && e->ref == r.key) restored_before += e->points;
      const Points back = share(-r.points) - restored_before;
      if (back <= 0) continue;
      LedgerEntry n = entry(x, EntryType::Restore, "restore:" + f.id + ":" + r.key);
      n.points = back;
      n.order_points = back;
      n.expires_at = expiry_for(x.p, x.t);
      n.ref = r.key;
      n.order_id = f.order_id;
      n.refund_id = f.id;
      n.code = code;
      balance += back;
      out.push_back(n);
    }

  const Points claw = share(earn->order_points) - clawed_before;
  LedgerEntry n = entry(x, EntryType::Clawback, "clawback:" + f.id);
  n.ref = earn->key;
  n.order_id = f.order_id;
  n.refund_id = f.id;
  n.spend = -this_eligible;
  n.tier_points = -std::max<Points>(claw, 0);
  n.order_points = std::max<Points>(claw, 0);
  n.lines = refunded_lines;
  Points short_by = 0;
  if (claw > 0) {
    const Points from_pending = std::min(claw, pending_left);
    Points rest = claw - from_pending;
    n.pending = -from_pending;
    if (x.p.lifecycle.negative_balance == NegativeBalancePolicy::HoldAsPending) {
      const Points take = std::min(rest, std::max<Points>(balance, 0));
      short_by = rest - take;
      rest = take;
    }
    n.points = -rest;
  }
  out.push_back(n);
  if (short_by > 0) {
    // Points already spent: hold the shortfall against future points.
    LedgerEntry held = entry(x, EntryType::Offset, "held:" + f.id);
    held.pending = -short_by;
    held.ref = n.key;
    held.order_id = f.order_id;
    held.note = "points already spent; held against future points";
    out.push_back(held);
  }
  return Out::success(out);
}

Out action(Context& x, const Action& a) {
  const ActionRule* rule = x.p.find_action(a.action);
  if (!rule) return Out::failure("/action", "no action '" + a.action + "' in the program");
  if (rule->type == "signup" || rule->type == "birthday")
    return Out::failure("/action", "'" + rule->type + "' is awarded by the program itself");
  const ActionUsage u = action_usage(x.p, *rule, x.ledger, x.placed, x.t);
  if (u.exhausted) return Out::failure("/action", "lifetime limit of " + std::to_string(rule->limits.lifetime) + " reached");
  if (u.available_at > x.placed) return Out::failure("/action", "limit reached; available again at " + format_iso8601(u.available_at));
  LedgerEntry n = entry(x, EntryType::Action, "action:" + x.e.id);
  n.action = rule->type;
  n.points = rule->points;
  n.tier_points = rule->points;
  n.expires_at = expiry_for(x.p, x.t);
  return Out::success({n});
}

Out customer_created(Context& x, const CustomerCreated& c, std::string* coupon) {
  Entries out;
  if (const ActionRule* signup = x.p.find_action("signup"); signup && signup->points > 0) {
    LedgerEntry n = entry(x, EntryType::Action, "signup");
    n.action = "signup";
    n.points = signup->points;
    n.tier_points = signup->points;
    n.expires_at = expiry_for(x.p, x.t);
    out.push_back(n);
  }
  const ReferralProgram& ref = x.p.referral;
  const std::string& used = x.who.referred_by;
  if (ref.enabled && !used.empty()) {
    std::string why;
    auto code = normalize_code(used, &why);
    if (!code) return Out::failure("/referred_by", "referral code " + why);
    if (ref.block_self_referral && *code == make_referral_code(c.seed, x.who.id))
      return Out::failure("/referred_by", "is the customer's own code");
    LedgerEntry n = entry(x, EntryType::Referral, "referee");
    n.code = *code;
    if (ref.referee.kind == ReferralRewardKind::Points) {
      n.points = ref.referee.points;
      n.tier_points = ref.referee.points;
      n.expires_at = expiry_for(x.p, x.t);
    } else {
      n.value = ref.referee.amount;
      *coupon = make_coupon_code(c.seed, x.who.id + ":referee");
      n.reward_id = "referral";
      n.note = "coupon " + *coupon;
    }
    out.push_back(n);
  }
  return Out::success(out);
}

Out redeem(Context& x, const Redeem& w, std::string* coupon) {
  const Reward* r = x.p.find_reward(w.reward_id);
  if (!r) return Out::failure("/reward_id", "no reward '" + w.reward_id + "' in the program");
  if (!r->for_tier(x.s.tier.current)) return Out::failure("/reward_id", "is for members of certain tiers only");
  Points cost = r->cost;
  Minor value = r->kind == RewardKind::FreeProduct ? r->product_value : r->amount;
  if (r->kind == RewardKind::PercentDiscount) value = 0;  // known only against a cart
  if (r->kind == RewardKind::Variable) {
    cost = w.points;
    const auto worth = variable_value(*r, cost);
    if (!worth.ok()) return Out::failure(worth.errors);
    value = worth.value;
  }
  if (x.s.balance < cost)
    return Out::failure("/reward_id", "needs " + std::to_string(cost) + " points; the balance is " + std::to_string(x.s.balance));
  LedgerEntry n = entry(x, EntryType::Redeem, "redeem:" + x.e.id);
  n.points = -cost;
  n.reward_id = r->id;
  n.value = value;
  n.code = make_coupon_code(w.seed, x.who.id + ":" + x.e.id);
  *coupon = n.code;
  return Out::success({n});
}

Out adjust(Context& x, const Adjust& a) {
  if (a.points < 0 && x.s.balance + a.points < 0)
    return Out::failure("/points", "would take the balance below zero (balance " + std::to_string(x.s.balance) + ")");
  LedgerEntry n = entry(x, EntryType::Adjust, "adjust:" + x.e.id);
  n.points = a.points;
  n.note = a.note;
  if (n.points > 0) n.expires_at = expiry_for(x.p, x.t);
  return Out::success({n});
}

// The event carries no seed (it never has): the referrer's coupon code is made
// with seed 0, as every code already issued was.
Out referral_completed(Context& x, const ReferralCompleted& e) {
  const ReferralProgram& ref = x.p.referral;
  if (!ref.enabled) return Out::failure("/type", "the program has no referral reward");
  if (ref.block_self_referral && e.referee_id == x.who.id) return Out::failure("/referee/id", "self-referral");
  if (ref.block_same_email && !e.referee_email.empty() && !x.who.email.empty() &&
      normalized_email(e.referee_email) == normalized_email(x.who.email))
    return Out::failure("/referee/email", "is the referrer's own email");
  if (ref.block_same_device && !e.referee_device.empty() &&
      std::find(x.who.devices.begin(), x.who.devices.end(), e.referee_device) != x.who.devices.end())
    return Out::failure("/referee/device", "is one of the referrer's own devices");
  if (ref.first_order_only && !e.referee_first_order) return Out::failure("/referee/first_order", "only a first order qualifies");
  if (e.referee_order_eligible < ref.min_order)
    return Out::failure("/referee/order_eligible", "is below the minimum order of " + format_minor(ref.min_order, x.p.minor_digits));
  if (ref.max_per_referrer && x.s.referrals >= ref.max_per_referrer)
    return Out::failure("/referee", "the referrer reached the cap of " + std::to_string(ref.max_per_referrer) + " referrals");
  LedgerEntry n = entry(x, EntryType::Referral, "referrer:" + e.referee_id);
  n.order_id = e.referee_order_id;
  if (ref.referrer.kind == ReferralRewardKind::Points) {
    n.points = ref.referrer.points;
    n.tier_points = ref.referrer.points;
    n.expires_at = expiry_for(x.p, x.t);
  } else {
    n.value = ref.referrer.amount;
    n.code = make_coupon_code(0, x.who.id + ":" + n.key);
  }
  return Out::success({n});
}



Out membership_started(Context& x, const MembershipStarted& m) {
  const MembershipPlan* plan = x.p.find_membership(m.plan_id);
  if (!plan) return Out::failure("/plan_id", "no membership plan '" + m.plan_id + "'");
  Entries out;
  LedgerEntry n = entry(x, EntryType::Membership, "membership:" + x.e.id);
  n.tier = plan->id;
  n.until = m.period_end;
  n.value = plan->fee;
  out.push_back(n);
  if (plan->join_bonus > 0 && !find_key(x, "membership-bonus:" + plan->id)) {
    LedgerEntry b = entry(x, EntryType::Membership, "membership-bonus:" + plan->id);
    b.tier = plan->id;
    b.until = m.period_end;
    b.points = plan->join_bonus;
    b.expires_at = expiry_for(x.p, x.t);
    out.push_back(b);
  }
  return Out::success(out);
}

Out membership_ended(Context& x, const MembershipEnded& m) {
  const MembershipPlan* plan = x.p.find_membership(m.plan_id);
  if (!plan) return Out::failure("/plan_id", "no membership plan '" + m.plan_id + "'");
  if (x.s.membership != plan->id) return Out::failure("/plan_id", "the customer is not a member of '" + plan->id + "'");
  LedgerEntry n = entry(x, EntryType::Membership, "membership:" + x.e.id);
  n.tier = plan->id;
  n.until = x.t;
  return Out::success({n});
}

Out partner_exchange(Context& x, const PartnerExchange& px) {
  const Partner* partner = x.p.find_partner(px.partner_id);
  if (!partner) return Out::failure("/partner_id", "no partner '" + px.partner_id + "'");
  if (px.inbound ? !partner->allow_in : !partner->allow_out)
    return Out::failure("/direction", "this partner does not exchange in that direction");
  if (px.points < partner->min_exchange) return Out::failure("/points", "must be at least " + std::to_string(partner->min_exchange));
  LedgerEntry n = entry(x, EntryType::Exchange, "exchange:" + x.e.id);
  n.partner = partner->id;
  if (px.inbound) {
    n.points = mul_div(px.points, partner->our_points, partner->partner_points, Rounding::Floor).value_or(0);
    if (n.points <= 0) return Out::failure("/points", "is worth less than one of our points");
    n.value = px.points;
    n.expires_at = expiry_for(x.p, x.t);
  } else {
    if (x.s.balance < px.points) return Out::failure("/points", "is more than the balance of " + std::to_string(x.s.balance));
    n.value = mul_div(px.points, partner->partner_points, partner->our_points, Rounding::Floor).value_or(0);
    if (n.value <= 0) return Out::failure("/points", "is worth less than one partner point");
    n.points = -px.points;
  }
  return Out::success({n});
}

// Tier moves are written when they happen; an entry reward comes once per tier.
Entries tier_changes(const Context& x) {
  const std::string& recorded = x.book.recorded_tier();
  const std::string now_tier = held_tier(x.p, x.book.series(), x.t);
  Entries out;
  if (now_tier == recorded) return out;
  LedgerEntry n = entry(x, EntryType::TierChange, "tier:" + x.e.id);
  n.occurred_at = 0;  // tiers move when the ledger does
  n.tier = now_tier;
  n.ref = recorded;
  out.push_back(n);
  const Tier* tier = x.p.find_tier(now_tier);
  const std::string reward_key = "tier-reward:" + now_tier;
  if (tier && tier->entry_reward > 0 && !find_key(x, reward_key)) {
    LedgerEntry r = entry(x, EntryType::TierReward, reward_key);
    r.occurred_at = 0;
    r.tier = now_tier;
    r.points = tier->entry_reward;
    r.expires_at = expiry_for(x.p, x.t);
    out.push_back(r);
  }
  return out;
}

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
// referral; the referrer's own rules (fraud checks, caps) decide when it is applied.
void Book::referral_follow_up(Applied& applied, Seconds now) const {
  if (!p_.referral.enabled || who_.referred_by.empty()) return;
  const auto is_earn = [](const LedgerEntry* x) { return x->type == EntryType::Earn; };
  const LedgerEntry* earn = nullptr;
  for (const auto& n : applied.entries)
    if (n.type == EntryType::Earn) earn = &n;
  if (!earn || std::count_if(view_.begin(), view_.end(), is_earn) != 1) return;
  auto code = normalize_code(who_.referred_by);
  if (!code) return;
  ReferralCompleted f;
  f.referee_id = who_.id;
  f.referee_email = who_.email;
  f.referee_order_id = earn->order_id;
  f.referee_order_eligible = earn->order_eligible;
  f.referee_first_order = true;
  applied.referrer_event = Event{"referral:" + who_.id, now, f};
  applied.referrer_code = *code;
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
  for (; due_seen_ < replay_->due_count(); ++due_seen_) {
    owned_.push_back(replay_->due_entry(due_seen_));
    add(owned_.back());
  }
  Context x{p_, e, who_, *this, view_, t, placed, {}};
  x.s.balance = replay_->balance();
  x.s.tier.current = held_tier(p_, series_, t);
  x.s.membership = membership_at(memberships_, t);
  x.s.referrals = referrals_;

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
  for (const auto& n : made.value) {
    owned_.push_back(n);
    add(owned_.back());
  }
  for (const auto& n : tier_changes(x)) {
    owned_.push_back(n);
    add(owned_.back());
  }
  // What the new entries set off at once (shortfalls repaid by new points),
  // and the totals they make: past the limit, nothing is kept.
  for (size_t i = made_from; i < view_.size(); ++i) replay_->append(*view_[i]);
  replay_->run_to(t);
  if (replay_->over_limit())
    return R::failure("", "would take the customer's points past the engine's limit of " + std::to_string(kMaxAmount));
  for (; due_seen_ < replay_->due_count(); ++due_seen_) {
    owned_.push_back(replay_->due_entry(due_seen_));
    add(owned_.back());
  }

  // Kept: every new entry is the event's, under this program version.
  const size_t written = view_.size() - due_from;
  for (size_t i = owned_.size() - written; i < owned_.size(); ++i) {
    owned_[i].event_id = e.id;
    owned_[i].program_version = p_.version;
    owned_[i].customer_id = who_.id;
    applied.entries.push_back(owned_[i]);
  }
  if (written > 0) events_.insert(e.id);
  kept_ = view_.size();
  dirty_ = false;
  applied.next_due = replay_->next_due_after();
  if (e.as<OrderPaid>()) referral_follow_up(applied, now);
  return R::success(applied);
}

}  // namespace loyalty
