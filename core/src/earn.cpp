// Points for a cart: the single computation behind both the preview and the award.
#include <algorithm>

#include "loyalty/engine.h"
#include "loyalty/member_events.h"

namespace loyalty {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool any_common(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a)
    if (contains(b, x)) return true;
  return false;
}

// An empty selector matches every line; pseudo-lines (tax, shipping) have no product.
bool selects(const ProductSelector& s, const CartLine& line) {
  if (s.empty()) return true;
  if (line.product_id.empty()) return false;
  return contains(s.products, line.product_id) || any_common(s.collections, line.collections) ||
         any_common(s.tags, line.tags);
}

bool campaign_live(const Program& p, const Campaign& c, Seconds now) {
  if (now < c.starts_at || now >= c.ends_at) return false;
  if (c.weekdays.empty()) return true;
  return std::find(c.weekdays.begin(), c.weekdays.end(), local_weekday(now, p.zone)) != c.weekdays.end();
}

// Spreads `total` over `weights` in proportion, exactly (largest remainder).
std::vector<Money> spread(Money total, const std::vector<Money>& weights) {
  std::vector<Money> out(weights.size());
  __int128 sum = 0;
  for (Money w : weights) sum += w.raw();
  if (sum <= 0 || total <= 0) return out;
  std::vector<__int128> remainders(weights.size());
  Money given{0};
  for (size_t i = 0; i < weights.size(); ++i) {
    __int128 n = static_cast<__int128>(total.raw()) * weights[i].raw();
    out[i] = Money(static_cast<std::int64_t>(n / sum));
    given += out[i];
    remainders[i] = n % sum;
  }
  if (given == total) return out;
  // Fewer leftover units than lines with a remainder: each goes to the largest
  // remainder not yet served (first line on ties). A scan per unit rather than
  // a sort: the same result, and much less code in the widget's wasm.
  for (; given < total; given += Money{1}) {
    size_t best = 0;
    for (size_t i = 1; i < remainders.size(); ++i)
      if (remainders[i] > remainders[best]) best = i;
    out[best] += Money{1};
    remainders[best] = -1;  // served (every remainder left is >= 0)
  }
  return out;
}

struct Part {
  RuleKind kind;
  int rule;
  int line;  // index into earning.lines
  __int128 numerator;
};

}  // namespace

std::string PointsReason::rule_name(const Program& p) const {
  switch (kind) {
    case RuleKind::Base: return "base";
    case RuleKind::Multiplier: return "multiplier:" + p.multipliers[static_cast<size_t>(rule)].id;
    case RuleKind::Campaign: return "campaign:" + p.campaigns[static_cast<size_t>(rule)].id;
    case RuleKind::Tier: return "tier:" + p.tiers.tiers[static_cast<size_t>(rule)].id;
    case RuleKind::Membership: return "membership:" + p.memberships[static_cast<size_t>(rule)].id;
    case RuleKind::MemberEvent: return "member_event:" + p.member_events[static_cast<size_t>(rule)].id;
    case RuleKind::WinBack: return "win_back";
  }
  return "base";
}

namespace {

// The lines that earn: the cart's (by pointer, no copy) plus tax and shipping
// as lines of their own when the program says so, each with its eligible spend.
struct EarningLines {
  std::vector<CartLine> pseudo;         // tax, shipping (reserved: stable addresses)
  std::vector<const CartLine*> lines;
  std::vector<Money> eligible;          // per line, as out.lines[i].eligible
};

EarningLines eligible_lines(const Program& p, const Cart& cart, Earning& out) {
  const EarnBasis& basis = p.earn.basis;
  // Order discount spread over the lines it applies to (not gift cards).
  std::vector<Money> weights;
  weights.reserve(cart.lines.size());
  for (const auto& l : cart.lines) weights.push_back(l.gift_card ? Money{} : l.unit_price * l.quantity - l.discount);
  const std::vector<Money> order_discount = spread(cart.order_discount, weights);

  EarningLines el;
  el.pseudo.reserve(2);
  el.lines.reserve(cart.lines.size() + 2);
  el.eligible.reserve(cart.lines.size() + 2);
  out.lines.reserve(cart.lines.size() + 2);
  for (size_t i = 0; i < cart.lines.size(); ++i) {
    const CartLine& l = cart.lines[i];
    LineEarn le;
    le.line_id = l.id;
    Money amount = l.unit_price * l.quantity;
    if (basis.after_discounts) amount -= l.discount + order_discount[i];
    if (l.gift_card && basis.exclude_gift_cards) le.excluded = "gift_card";
    else if (!basis.excluded.empty() && selects(basis.excluded, l)) le.excluded = "excluded_product";
    le.eligible = le.excluded.empty() ? std::max(amount, Money{}) : Money{};
    el.lines.push_back(&l);
    el.eligible.push_back(le.eligible);
    out.lines.push_back(le);
  }
  auto add_pseudo = [&](const char* id, Money amount) {
    el.pseudo.emplace_back();
    el.pseudo.back().id = id;
    el.lines.push_back(&el.pseudo.back());
    LineEarn le;
    le.line_id = id;
    le.eligible = amount;
    el.eligible.push_back(amount);
    out.lines.push_back(le);
  };
  if (!basis.exclude_shipping && cart.shipping > 0) add_pseudo("shipping", cart.shipping);
  if (!basis.exclude_tax && cart.tax > 0) add_pseudo("tax", cart.tax);
  for (Money e : el.eligible) out.eligible += e;
  return el;
}

// The highest-percent rule among `rules` that is on and selects the line; -1 for none.
template <class Rules, class On>
int best_rule(const Rules& rules, const CartLine& l, const On& on) {
  int best = -1;
  for (size_t k = 0; k < rules.size(); ++k)
    if (on(k) && selects(rules[k].applies_to, l) && (best < 0 || rules[k].percent > rules[static_cast<size_t>(best)].percent))
      best = static_cast<int>(k);
  return best;
}

// Each line's points split into parts that telescope to the whole: base, then
// each multiplier's extra (product, campaign or member event, tier,
// membership) on top of the ones before it, as numerators over per_amount·100⁴.
std::vector<Part> earning_parts(const Program& p, const CustomerState& s, Seconds now, const EarningLines& el) {
  const Tier* tier = p.find_tier(s.tier.current);
  const MembershipPlan* plan = p.find_membership(s.membership);
  const std::int64_t tier_pct = tier ? tier->multiplier_percent : 100;
  const std::int64_t member_pct = plan ? plan->multiplier_percent : 100;
  const int tier_index = tier ? static_cast<int>(tier - p.tiers.tiers.data()) : -1;
  const int member_index = plan ? static_cast<int>(plan - p.memberships.data()) : -1;
  // Live campaigns, once per call rather than once per line.
  // (chars, not vector<bool>: the bit-packed specialisation costs 1.6 KB of wasm)
  std::vector<char> campaign_on(p.campaigns.size());
  for (size_t k = 0; k < p.campaigns.size(); ++k)
    campaign_on[k] = p.campaigns[k].percent != 100 && campaign_live(p, p.campaigns[k], now);
  // A member event for the customer's tier takes the campaign step on every
  // line where it beats the campaigns (applied like one, so rates never stack past 128 bits).
  const int event_rule = member_event_multiplier(p, s.tier.current, now);

  std::vector<Part> parts;
  parts.reserve(el.lines.size() * 5);  // base + up to four multipliers per line
  for (size_t i = 0; i < el.lines.size(); ++i) {
    if (el.eligible[i] == 0) continue;
    const CartLine& l = *el.lines[i];
    const int product_rule = best_rule(p.multipliers, l, [](size_t) { return true; });
    const std::int64_t product_pct = product_rule < 0 ? 100 : p.multipliers[static_cast<size_t>(product_rule)].percent;
    int campaign_rule = best_rule(p.campaigns, l, [&](size_t k) { return campaign_on[k] != 0; });
    std::int64_t campaign_pct = campaign_rule < 0 ? 100 : p.campaigns[static_cast<size_t>(campaign_rule)].percent;
    RuleKind campaign_kind = RuleKind::Campaign;
    if (event_rule >= 0 && (campaign_rule < 0 || p.member_events[static_cast<size_t>(event_rule)].percent > campaign_pct)) {
      campaign_pct = p.member_events[static_cast<size_t>(event_rule)].percent;
      campaign_rule = event_rule;
      campaign_kind = RuleKind::MemberEvent;
    }
    const int li = static_cast<int>(i);
    const __int128 base = spend_times_rate(el.eligible[i], p.earn.points);
    const __int128 h = 100;
    parts.push_back({RuleKind::Base, -1, li, base * h * h * h * h});
    if (product_pct != 100) parts.push_back({RuleKind::Multiplier, product_rule, li, base * (product_pct - 100) * h * h * h});
    if (campaign_pct != 100)
      parts.push_back({campaign_kind, campaign_rule, li, base * product_pct * (campaign_pct - 100) * h * h});
    if (tier_pct != 100)
      parts.push_back({RuleKind::Tier, tier_index, li, base * product_pct * campaign_pct * (tier_pct - 100) * h});
    if (member_pct != 100)
      parts.push_back({RuleKind::Membership, member_index, li, base * product_pct * campaign_pct * tier_pct * (member_pct - 100)});
  }
  return parts;
}

// Rounding: once per order (default) or once per line; each part's share is
// the difference of rounded running sums, so the reasons add up exactly.
// False when the points would pass the engine's limit.
bool round_parts(const Program& p, const std::vector<Part>& parts, Earning& out) {
  const __int128 denominator = static_cast<__int128>(p.earn.per_amount.raw()) * 100000000;
  __int128 running = 0;
  Points rounded_before{};
  int current_line = -1;
  out.reasons.reserve(parts.size() + p.campaigns.size());
  for (const Part& part : parts) {
    if (p.earn.round_per_line && part.line != current_line) {
      running = 0;
      rounded_before = Points{};
      current_line = part.line;
    }
    running += part.numerator;
    auto rounded = divide_rounded(running, denominator, p.earn.rounding);
    if (!rounded || *rounded > kMaxAmount) return false;
    const Points share = Points(*rounded) - rounded_before;
    rounded_before = Points(*rounded);
    if (share == 0) continue;
    out.lines[part.line].points += share;
    out.points += share;
    out.reasons.push_back({part.kind, part.rule, part.line, share});
  }
  return true;
}

// Per order: fixed campaign bonuses, and a lapsed customer's win-back bonus on
// an order that earns (loyalty/win_back.h).
void add_order_bonuses(const Program& p, const CustomerState& s, Seconds now, Earning& out) {
  for (size_t k = 0; k < p.campaigns.size(); ++k) {
    const Campaign& c = p.campaigns[k];
    if (c.bonus_points > 0 && campaign_live(p, c, now) && out.eligible >= std::max(c.min_spend, Money{1})) {
      out.points += c.bonus_points;
      out.reasons.push_back({RuleKind::Campaign, static_cast<int>(k), -1, c.bonus_points});
    }
  }
  if (const Points bonus = s.win_back.offer.bonus_points; bonus > 0 && s.win_back.open_at(now) && out.eligible > 0) {
    out.points += bonus;
    out.reasons.push_back({RuleKind::WinBack, -1, -1, bonus});
  }
}

}  // namespace

Result<Earning> compute_earning(const Program& p, const CustomerState& s, const Cart& cart, Seconds now) {
  if (cart.currency != p.currency)
    return Result<Earning>::failure("/currency", LOYALTY_WHY("must be the shop currency " + p.currency +
                                                     " (points come from shop-currency amounts; the shopper's currency is display only)"));
  Earning out;
  const EarningLines lines = eligible_lines(p, cart, out);
  const bool fits = round_parts(p, earning_parts(p, s, now, lines), out);
  if (fits) add_order_bonuses(p, s, now, out);
  if (!fits || out.points > kMaxAmount)
    return Result<Earning>::failure("/lines", LOYALTY_WHY("earns more points than the engine allows"));
  return Result<Earning>::success(std::move(out));
}

}  // namespace loyalty
