// Engine results as JSON: the same bytes natively and in wasm.
#include "loyalty/json_io.h"

#include "json_list.h"

namespace loyalty {

namespace {

json tier_json(const TierProgress& t) {
  json j = json::object();
  j["current"] = t.current;
  j["next"] = t.next;
  j["value"] = t.value;
  j["next_threshold"] = t.next_threshold;
  j["remaining"] = t.remaining;
  return j;
}

json money(Money amount, const Program& p) {
  json j = json::object();
  j["amount"] = amount;
  j["currency"] = p.currency;
  j["display"] = format_minor(amount, p.minor_digits);
  return j;
}

// A reward option's names in each document. Clients read both as they are (the
// cart widget the quote's, the panel /me's), so only the names differ.
struct OptionNames {
  const char* id;
  const char* points;
  const char* value;
  const char* reason;
};
constexpr OptionNames kQuoteNames{"reward_id", "cost", "saves", "blocked"};
constexpr OptionNames kMeNames{"id", "points", "value", "reason"};

json option_json(const RewardOption& o, const OptionNames& names) {
  json j = json::object();
  j[names.id] = o.reward_id;
  j[names.points] = o.points;
  j[names.value] = o.value;
  j["affordable"] = o.affordable;
  if (!o.reason.empty()) j[names.reason] = o.reason;
  return j;
}

}  // namespace

json to_json(const Quote& q, const Program& p) {
  json lines = json_array_of(q.earn.lines, [](const LineEarn& l) {
    json line = json::object();
    line["line_id"] = l.line_id;
    line["eligible"] = l.eligible;
    line["points"] = l.points;
    if (!l.excluded.empty()) line["excluded"] = l.excluded;
    return line;
  });
  json reasons = json_array_of(q.earn.reasons, [&](const PointsReason& r) {
    json reason = json::object();
    reason["rule"] = r.rule_name(p);
    reason["line_id"] = r.line >= 0 ? q.earn.lines[static_cast<size_t>(r.line)].line_id : std::string();
    reason["points"] = r.points;
    return reason;
  });
  json rewards = json_array_of(q.rewards, [](const RewardOption& o) { return option_json(o, kQuoteNames); });
  json nudges = json_array_of(q.nudges, [&](const Nudge& n) {
    json j = json::object();
    j["kind"] = n.kind;
    j["amount"] = money(n.amount, p);
    if (!n.target.empty()) j["target"] = n.target;
    return j;
  });
  json spendable = json::object();
  spendable["points"] = q.spendable;
  spendable["saves"] = money(q.spendable_saves, p);
  if (!q.spendable_reward.empty()) spendable["reward_id"] = q.spendable_reward;
  json out = json::object();
  out["points"] = q.earn.points;
  out["eligible"] = money(q.earn.eligible, p);
  out["lines"] = std::move(lines);
  out["reasons"] = std::move(reasons);
  out["balance"] = q.balance;
  out["pending"] = q.pending;
  out["spendable"] = std::move(spendable);
  out["rewards"] = std::move(rewards);
  out["tier"] = tier_json(q.tier);
  out["nudges"] = std::move(nudges);
  out["program_version"] = p.version;
  return out;
}

json to_json(const std::vector<RewardOption>& options, const Program& p) {
  json out = json::array();
  for (size_t i = 0; i < options.size() && i < p.rewards.size(); ++i) {
    const RewardOption& o = options[i];
    // The decision only: what the reward is (name, kind...) is the program's, read
    // there by id; a tier that does not allow it is `reason` "tier".
    json j = option_json(o, kMeNames);
    if (p.rewards[i].kind == RewardKind::Variable) {
      j["least"] = o.least;
      j["most"] = o.most;
      j["step"] = o.step;
    }
    out.push_back(std::move(j));
  }
  return out;
}

json to_json(const CustomerState& s, const Program& p) {
  json actions = json::array();
  for (const auto& a : s.actions) {
    json j = {{"type", a.type}, {"today", a.today}, {"this_month", a.this_month}, {"lifetime", a.lifetime},
              {"exhausted", a.exhausted}};
    if (a.available_at) j["available_at"] = format_iso8601(a.available_at);
    actions.push_back(j);
  }
  json out = {{"balance", s.balance},
              {"pending", s.pending},
              {"earned", s.earned},
              {"redeemed", s.redeemed},
              {"expired", s.expired},
              {"clawed_back", s.clawed_back},
              {"tier", tier_json(s.tier)},
              {"membership", s.membership},
              {"orders", s.orders},
              {"referrals", s.referrals},
              {"churn_risk", s.churn_risk},
              {"actions", actions},
              {"program_version", p.version}};
  if (s.next_expiry_at) out["next_expiry"] = {{"points", s.next_expiring}, {"at", format_iso8601(s.next_expiry_at)}};
  if (s.membership_until) out["membership_until"] = format_iso8601(s.membership_until);
  if (s.last_order_at) out["last_order_at"] = format_iso8601(s.last_order_at);
  if (s.win_back.ends_at) {
    // The offer the customer holds now, as the core decided it (what /me shows).
    const WinBackOffer& w = s.win_back.offer;
    json offer = {{"kind", w.reward_id.empty() ? "bonus_points" : "reward"},
                  {"starts_at", format_iso8601(s.win_back.starts_at)},
                  {"expires_at", format_iso8601(s.win_back.ends_at)}};
    if (w.reward_id.empty()) {
      offer["bonus_points"] = w.bonus_points;
    } else {
      offer["reward_id"] = w.reward_id;
      offer["reward_cost"] = w.reward_cost;
    }
    out["win_back"] = offer;
  }
  return out;
}

json to_json(const SimulationReport& r, const Program& p) {
  json tiers = json::object();
  for (const auto& [id, n] : r.tiers) tiers[id.empty() ? "none" : id] = n;
  return {{"orders", r.orders},
          {"customers", r.customers},
          {"points_issued", r.issued},
          {"points_redeemed", r.redeemed},
          {"redemptions", r.redemptions},
          {"points_expired", r.expired},
          {"points_clawed_back", r.clawed_back},
          {"points_outstanding", r.outstanding},
          {"liability", money(r.liability, p)},
          {"redeemed_value", money(r.redeemed_value, p)},
          {"customers_per_tier", tiers},
          {"assumption", "customers redeem the cheapest reward once after each order that leaves them able to afford it; " +
                             std::to_string(r.redeeming_percent) + "% of customers (stable by id) redeem, the rest never do"}};
}

}  // namespace loyalty
