// Orders: what a paid order earns, and what a refund takes back.
#include <algorithm>
#include <utility>

#include "apply_context.h"
#include "loyalty/win_back.h"

namespace loyalty::apply_event {

namespace {

// Each code once, in first-seen order: a code listed twice is one code.
std::vector<std::string> unique_codes(const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes)
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

// What earlier refunds of the order took, from their clawback entries.
struct RefundedBefore {
  Money eligible{0};
  Points clawed{};
  std::vector<std::pair<std::string, std::int64_t>> quantities;  // line -> refunded quantity
  Points pending_left{};  // the order's points still pending
};

RefundedBefore refunded_before(const Context& x, const LedgerEntry& earn) {
  RefundedBefore b;
  bool matured = false;
  b.pending_left = earn.pending;
  for (const LedgerEntry* e : x.ledger) {
    if (const auto* m = e->as<MatureEntry>()) {
      if (m->ref == earn.key) matured = true;
      continue;
    }
    const auto* c = e->as<ClawbackEntry>();
    if (!c || c->ref != earn.key) continue;
    b.eligible += -e->spend;
    b.clawed += c->order_points;
    b.pending_left += e->pending;
    for (const auto& l : c->lines) b.quantities.push_back({l.line_id, l.quantity});
  }
  if (matured) b.pending_left = Points{};
  return b;
}

// The eligible spend the refunded lines take back, cumulative per line:
// refunding every unit refunds every cent. `lines` gets what each line gave.
Result<Money> refunded_by_lines(const Refund& f, const EarnEntry& earn, const RefundedBefore& before,
                                std::vector<EarnedLine>* lines) {
  Money eligible{0};
  for (size_t i = 0; i < f.lines.size(); ++i) {
    const RefundLine& rl = f.lines[i];
    const EarnedLine* line = nullptr;
    for (const auto& l : earn.lines)
      if (l.line_id == rl.line_id) line = &l;
    if (!line)
      return Result<Money>::failure("/refund/lines/" + std::to_string(i) + "/line_id",
                                    "no line '" + rl.line_id + "' in order " + f.order_id);
    std::int64_t done = 0;  // earlier refunds, and earlier mentions in this one
    for (const auto& q : before.quantities)
      if (q.first == rl.line_id) done += q.second;
    for (const auto& q : *lines)
      if (q.line_id == rl.line_id) done += q.quantity;
    const std::int64_t qty = std::min(rl.quantity, line->quantity - done);
    if (qty <= 0) continue;
    const Money cum_before = mul_div(line->eligible, done, line->quantity, Rounding::Floor).value_or(Money{});
    const Money cum_after = mul_div(line->eligible, done + qty, line->quantity, Rounding::Floor).value_or(Money{});
    eligible += cum_after - cum_before;
    lines->push_back({rl.line_id, qty, cum_after - cum_before});
  }
  return Result<Money>::success(eligible);
}

// Redeemed points that paid for the order come back in the same share.
template <class Share>
Entries restore_redemptions(const Context& x, const Refund& f, const EarnEntry& earn, const Share& share) {
  Entries out;
  for (const auto& code : unique_codes(earn.coupons))
    for (const LedgerEntry* redeemed : x.ledger) {
      const auto* r = redeemed->as<RedeemEntry>();
      if (!r || r->code != code) continue;
      Points restored_before{};
      for (const LedgerEntry* e : x.ledger)
        if (const auto* back = e->as<RestoreEntry>(); back && back->ref == redeemed->key) restored_before += e->points;
      const Points back = share(-redeemed->points) - restored_before;
      if (back <= 0) continue;
      RestoreEntry b;
      b.ref = redeemed->key;
      b.order_id = f.order_id;
      b.refund_id = f.id;
      b.code = code;
      b.order_points = back;
      LedgerEntry n = entry(x, "restore:" + f.id + ":" + redeemed->key, std::move(b));
      n.points = back;
      n.expires_at = expiry_for(x.p, x.t);
      out.push_back(n);
    }
  return out;
}

// The clawback of `claw` points: pending points first, then the balance; with
// HoldAsPending, what was already spent is held against future points.
void claw_back(const Context& x, const Refund& f, Points claw, Points pending_left, Points balance, LedgerEntry& n,
               Entries& out) {
  Points short_by{};
  if (claw > 0) {
    const Points from_pending = std::min(claw, pending_left);
    Points rest = claw - from_pending;
    n.pending = -from_pending;
    if (x.p.lifecycle.negative_balance == NegativeBalancePolicy::HoldAsPending) {
      const Points take = std::min(rest, std::max(balance, Points{}));
      short_by = rest - take;
      rest = take;
    }
    n.points = -rest;
  }
  out.push_back(n);
  if (short_by <= 0) return;
  OffsetEntry b;
  b.ref = n.key;
  b.order_id = f.order_id;
  b.note = "points already spent; held against future points";
  LedgerEntry held = entry(x, "held:" + f.id, std::move(b));
  held.pending = -short_by;
  out.push_back(held);
}

}  // namespace

Out order_paid(Context& x, const OrderPaid& paid) {
  const Order& o = paid.order;
  const std::string key = "earn:" + o.id;
  // Campaigns, tier and membership as they were when the shopper paid.
  CustomerState then = x.s;
  then.tier.current = held_tier(x.p, x.book.series(), x.placed);
  then.membership = membership_at(x.book.memberships(), x.placed);
  // A win-back lapse open when the shopper paid: this order ends it, and earns its bonus.
  const auto lapse = win_back_at(x.p, x.s, x.placed);
  then.win_back = lapse ? *lapse : WinBackWindow{};
  auto earned = compute_earning(x.p, then, o.cart, x.placed);
  if (!earned.ok()) {
    Errors errs = earned.errors;
    for (auto& err : errs) err.pointer = "/order" + err.pointer;
    return Out::failure(errs);
  }
  const Earning& g = earned.value;
  EarnEntry b;
  b.order_id = o.id;
  if (lapse) b.ref = win_back_key(*lapse);  // the customer came back (analytics count it)
  b.order_eligible = g.eligible;
  b.order_points = g.points;
  for (const auto& l : g.lines) {
    std::int64_t qty = 1;
    for (const auto& cl : o.cart.lines)
      if (cl.id == l.line_id) qty = cl.quantity;
    b.lines.push_back({l.line_id, qty, l.eligible});
  }
  b.coupons = unique_codes(o.cart.coupon_codes);
  LedgerEntry n = entry(x, key, std::move(b));
  if (x.p.lifecycle.pending_days > 0) {
    n.pending = g.points;
    n.matures_at = x.placed + x.p.lifecycle.pending_days * kDay;
  } else {
    n.points = g.points;
    n.expires_at = g.points > 0 ? expiry_for(x.p, x.t) : 0;
  }
  n.tier_points = g.points;
  n.spend = g.eligible;
  return Out::success({n});
}

// Clawback in proportion to the eligible spend refunded so far, using the
// numbers recorded when the order earned (not today's rules); redeemed points
// that paid for the order come back the same way. Cumulative, so never twice.
Out refund(Context& x, const Refund& f) {
  const LedgerEntry* earned = x.book.find("earn:" + f.order_id);
  const EarnEntry* earn = earned ? earned->as<EarnEntry>() : nullptr;
  if (!earn) return Out::failure("/refund/order_id", "no points were recorded for order " + f.order_id);
  const RefundedBefore before = refunded_before(x, *earned);
  Money this_eligible = f.amount;
  std::vector<EarnedLine> refunded_lines;
  if (f.amount < 0) {
    auto by_lines = refunded_by_lines(f, *earn, before, &refunded_lines);
    if (!by_lines.ok()) return Out::failure(by_lines.errors);
    this_eligible = by_lines.value;
  }
  this_eligible = std::min(this_eligible, earn->order_eligible - before.eligible);
  const Money cumulative = before.eligible + this_eligible;
  const bool full = cumulative >= earn->order_eligible;
  auto share = [&](Points whole) -> Points {
    if (full) return whole;
    return mul_div(whole, cumulative.raw(), earn->order_eligible.raw(), Rounding::Floor).value_or(Points{});
  };

  Entries out = restore_redemptions(x, f, *earn, share);
  Points balance = x.s.balance;
  for (const auto& r : out) balance += r.points;
  const Points claw = share(earn->order_points) - before.clawed;
  ClawbackEntry b;
  b.ref = earned->key;
  b.order_id = f.order_id;
  b.refund_id = f.id;
  b.order_points = std::max(claw, Points{});
  b.lines = refunded_lines;
  LedgerEntry n = entry(x, "clawback:" + f.id, std::move(b));
  n.spend = -this_eligible;
  n.tier_points = -std::max(claw, Points{});
  claw_back(x, f, claw, before.pending_left, balance, n, out);
  return Out::success(out);
}

}  // namespace loyalty::apply_event
