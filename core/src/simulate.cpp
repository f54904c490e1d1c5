// A program run over last year's orders: what it would have cost.
#include "loyalty/simulate.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "book.h"
#include "loyalty/engine.h"
#include "loyalty/referral_code.h"

namespace loyalty {

namespace {

const char* const kColumns[] = {"order_id", "customer_id", "placed_at", "subtotal", "discount", "shipping", "tax", "refunded"};
constexpr size_t kColumnCount = 8;
constexpr Seconds kRefundDelay = 7 * kDay;  // refunds land a week after the order

// Cells of one line; *unterminated when a quote is still open at its end.
std::vector<std::string> split_csv_line(const std::string& line, bool* unterminated) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { out.back() += '"'; ++i; }
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') quoted = true;
    else if (c == ',') out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  *unterminated = quoted;
  return out;
}

// Epoch seconds the ISO form can also write: years 1 to 9999.
constexpr Seconds kFirstInstant = -62135596800, kLastInstant = 253402300799;

bool parse_int(const std::string& s, std::int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  std::int64_t v = 0;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = s[0] == '-' ? -v : v;
  return true;
}

struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

bool has_fixed_value(const Reward& r) {
  return r.kind != RewardKind::PercentDiscount && r.kind != RewardKind::FreeShipping;
}

// The reward the simulated shoppers go for, and the one that values a point:
// the cheapest with a money value that anyone can use.
const Reward* cheapest_reward(const Program& p) {
  const Reward* best = nullptr;
  for (const auto& r : p.rewards)
    if (r.tiers.empty() && has_fixed_value(r) && (!best || least_points(r) < least_points(*best))) best = &r;
  return best;
}

}  // namespace

Result<std::vector<HistoricalOrder>> parse_orders_csv(const std::string& text) {
  using R = Result<std::vector<HistoricalOrder>>;
  std::vector<HistoricalOrder> out;
  Errors errors;
  size_t start = 0, line_no = 0;
  bool header = true;
  while (start < text.size() && errors.size() < 20) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    bool unterminated = false;
    auto cells = split_csv_line(line, &unterminated);
    const std::string at = "/line/" + std::to_string(line_no);
    if (unterminated && !header) {
      const size_t column = std::min(cells.size(), kColumnCount) - 1;
      errors.push_back({at + "/" + kColumns[column], "has an unterminated quote"});
      continue;
    }
    if (header) {
      header = false;
      bool ok = cells.size() == kColumnCount;
      for (size_t i = 0; ok && i < kColumnCount; ++i) ok = cells[i] == kColumns[i];
      if (!ok) return R::failure(at, "header must be order_id,customer_id,placed_at,subtotal,discount,shipping,tax,refunded");
      continue;
    }
    if (cells.size() != kColumnCount) {
      errors.push_back({at, "has " + std::to_string(cells.size()) + " columns, expected 8"});
      continue;
    }
    HistoricalOrder o;
    o.order_id = cells[0];
    o.customer_id = cells[1];
    if (o.order_id.empty()) errors.push_back({at + "/order_id", "is required"});
    if (o.customer_id.empty()) errors.push_back({at + "/customer_id", "is required"});
    std::int64_t epoch;
    if (auto t = parse_iso8601(cells[2])) o.placed_at = *t;
    else if (parse_int(cells[2], &epoch) && epoch >= kFirstInstant && epoch <= kLastInstant) o.placed_at = epoch;
    else errors.push_back({at + "/placed_at", "must be ISO 8601 with an offset or epoch seconds, in the years 1 to 9999"});
    Money* amounts[] = {&o.subtotal, &o.discount, &o.shipping, &o.tax, &o.refunded};
    for (size_t i = 0; i < 5; ++i) {
      std::int64_t v = 0;  // stays 0 when the cell is not a number, as the amount did
      if (!parse_int(cells[3 + i], &v) || v < 0 || v > kMaxAmount)
        errors.push_back({at + "/" + kColumns[3 + i], "must be a whole, non-negative amount in minor units"});
      *amounts[i] = Money(v);
    }
    if (o.discount > o.subtotal) errors.push_back({at + "/discount", "must not exceed subtotal"});
    if (o.refunded > o.subtotal - o.discount) errors.push_back({at + "/refunded", "must not exceed subtotal - discount"});
    out.push_back(o);
  }
  if (header && errors.empty()) return R::failure("/line/1", "the file has no header");
  if (!errors.empty()) return R::failure(errors);
  return R::success(std::move(out));
}

std::string orders_to_csv(const std::vector<HistoricalOrder>& orders) {
  std::string out = "order_id,customer_id,placed_at,subtotal,discount,shipping,tax,refunded\n";
  for (const auto& o : orders) {
    out += o.order_id + ',' + o.customer_id + ',' + format_iso8601(o.placed_at) + ',' + std::to_string(o.subtotal.raw()) + ',' +
           std::to_string(o.discount.raw()) + ',' + std::to_string(o.shipping.raw()) + ',' + std::to_string(o.tax.raw()) +
           ',' + std::to_string(o.refunded.raw()) + '\n';
  }
  return out;
}

std::vector<HistoricalOrder> generate_orders(std::uint64_t seed, std::int64_t count, Seconds start, Seconds end,
                                             std::int64_t scale) {
  Rng rng{seed};
  std::vector<HistoricalOrder> out;
  out.reserve(static_cast<size_t>(std::max<std::int64_t>(count, 0)));
  const std::int64_t customers = std::max<std::int64_t>(1, count / 3);
  const Seconds span = std::max<Seconds>(end - start, 1);
  for (std::int64_t i = 0; i < count; ++i) {
    HistoricalOrder o;
    o.order_id = std::to_string(5000000000000LL + i);  // 13-digit ids, like real shops
    // A tenth of the customers are regulars who place a third of the orders.
    const std::int64_t regulars = std::max<std::int64_t>(1, customers / 10);
    const std::int64_t who = rng.below(100) < 35 ? rng.below(regulars) : rng.below(customers);
    o.customer_id = "C" + std::to_string(who + 1);
    Seconds t = start + rng.below(span);
    if (rng.below(100) < 15) t = end - 1 - rng.below(std::min<Seconds>(span, 45 * kDay));  // holiday rush
    o.placed_at = t;
    // Basket: mostly 15 to 80, a tail of big orders.
    o.subtotal = Money((15 + rng.below(66)) * scale + rng.below(scale));
    if (rng.below(100) < 8) o.subtotal += Money((100 + rng.below(400)) * scale);
    if (rng.below(100) < 20) o.discount = o.subtotal / 10;
    o.shipping = Money(o.subtotal >= 50 * scale ? 0 : 599 * scale / 100);
    o.tax = (o.subtotal - o.discount) * 8 / 100;
    const std::int64_t r = rng.below(100);
    if (r < 4) o.refunded = o.subtotal - o.discount;
    else if (r < 7) o.refunded = (o.subtotal - o.discount) / 2;
    out.push_back(o);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.placed_at < y.placed_at; });
  return out;
}

Money points_value(const Program& p, Points points) {
  const Reward* r = cheapest_reward(p);
  if (!r) return Money{};
  const auto at = [&](Money amount, Points per_points) {
    return money_for_points(points, amount, per_points, Rounding::HalfUp).value_or(Money{});
  };
  switch (r->kind) {
    case RewardKind::Variable: return at(r->amount_per_step, r->points_step);
    case RewardKind::FreeProduct: return at(r->product_value, r->cost);
    case RewardKind::FixedDiscount:
    case RewardKind::Cashback: return at(r->amount, r->cost);
    default: return Money{};  // percent / shipping rewards have no fixed value
  }
}

namespace {

// A customer's timeline: orders, and refunds a week later (those before `end`), in time order.
std::vector<Event> timeline(const Program& p, const std::vector<const HistoricalOrder*>& list, Seconds end) {
  std::vector<Event> events;
  for (const auto* o : list) {
    OrderPaid paid;
    paid.order.id = o->order_id;
    paid.order.cart.currency = p.currency;
    CartLine line;
    line.id = "1";
    line.product_id = "merchandise";
    line.unit_price = o->subtotal;
    paid.order.cart.lines.push_back(line);
    paid.order.cart.order_discount = o->discount;
    paid.order.cart.shipping = o->shipping;
    paid.order.cart.tax = o->tax;
    events.push_back(Event{"o" + o->order_id, o->placed_at, std::move(paid)});
    if (o->refunded > 0 && o->placed_at + kRefundDelay < end) {
      Refund f;
      f.id = "r" + o->order_id;
      f.order_id = o->order_id;
      f.amount = o->refunded;
      events.push_back(Event{f.id, o->placed_at + kRefundDelay, f});
    }
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
  return events;
}

// Applies the customer's events to their book; a redeeming customer redeems
// the target reward after an event whenever the core says it can. The errors
// of an event the core refuses (none when all apply).
Errors run_customer(Book& book, const std::vector<Event>& events, const Reward* target, bool redeems,
                    SimulationReport& report) {
  std::int64_t n = 0;
  Points balance{};  // after each apply the ledger's sum is the balance at that moment
  const Points target_cost = target ? least_points(*target) : Points{};
  for (const auto& e : events) {
    auto r = book.apply(e, e.at);
    if (!r.ok()) return r.errors;
    for (const auto& entry : r.value.entries) balance += entry.points;
    // One redemption per visit: bounded work however large a balance grows.
    // The core's redeem decision (the target is open to every tier, so no tier is needed).
    if (redeems && target && redeem_option(*target, balance, "").affordable) {
      Redeem w;
      w.reward_id = target->id;
      if (target->kind == RewardKind::Variable) w.points = target_cost;
      auto red = book.apply(Event{"w" + std::to_string(++n), e.at, w}, e.at);
      if (!red.ok()) continue;  // e.g. a pending shortfall: not this time
      ++report.redemptions;
      // The last entry, as before the kinds were split (a tier move written after it counted 0).
      if (const auto* coupon = red.value.entries.back().as<RedeemEntry>()) report.redeemed_value += coupon->value;
      for (const auto& entry : red.value.entries) balance += entry.points;
    }
  }
  return {};
}

}  // namespace

Result<SimulationReport> simulate(const Program& p, const std::vector<HistoricalOrder>& orders, const SimulationOptions& options) {
  SimulationReport report;
  report.redeeming_percent = options.redeeming_percent;
  std::unordered_map<std::string, std::vector<const HistoricalOrder*>> by_customer;
  std::vector<std::string> customer_order;
  Seconds last = 0;
  for (const auto& o : orders) {
    auto& list = by_customer[o.customer_id];
    if (list.empty()) customer_order.push_back(o.customer_id);
    list.push_back(&o);
    last = std::max(last, o.placed_at);
  }
  const Seconds end = options.end ? options.end : last + kDay;
  const Reward* target = cheapest_reward(p);
  std::map<std::string, std::int64_t> tiers;

  for (const auto& id : customer_order) {
    auto& list = by_customer[id];
    std::stable_sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->placed_at < b->placed_at; });
    CustomerProfile who;
    who.id = id;
    who.created_at = list.front()->placed_at;
    // One book per customer: each event applied as apply() would, without replaying the whole history.
    Book book(p, who, {});
    const bool redeems = static_cast<std::int64_t>(hash64(id) % 100) < options.redeeming_percent;
    const std::vector<Event> events = timeline(p, list, end);
    report.orders += static_cast<std::int64_t>(list.size());
    const Errors errors = run_customer(book, events, target, redeems, report);
    if (!errors.empty()) return Result<SimulationReport>::failure(errors);
    const CustomerState s = state_at(p, who, book.entries(), end);
    report.issued += s.earned;
    report.redeemed += s.redeemed;
    report.expired += s.expired;
    report.clawed_back += s.clawed_back;
    report.outstanding += s.balance + s.pending;  // pending < 0: owed, offsets future points
    ++tiers[s.tier.current];
    ++report.customers;
  }
  report.liability = points_value(p, report.outstanding);
  for (const auto& t : p.tiers.tiers) report.tiers.push_back({t.id, tiers[t.id]});
  report.tiers.insert(report.tiers.begin(), {"", tiers[""]});
  return Result<SimulationReport>::success(std::move(report));
}

}  // namespace loyalty
