// Program JSON -> validated Program. Every error names its field.
#include <algorithm>
#include <set>
#include <utility>

#include "json_reader.h"
#include "translations_json.h"
#include "loyalty/json_io.h"

namespace loyalty {

namespace {

constexpr std::int64_t kMaxPoints = 1000000000LL;      // points in any one rule
constexpr std::int64_t kMaxPercent = 10000;            // 100x: keeps every product of rates inside 128 bits
constexpr std::int64_t kMaxDays = 36500;

const char* const kActionTypes[] = {"signup", "birthday", "profile_completed", "newsletter", "review",
                                    "photo_review", "qa", "social_follow", "social_share", "site_visit",
                                    "email_click", "receipt_upload"};

bool known_action_type(const std::string& t) {
  for (const char* k : kActionTypes)
    if (t == k) return true;
  return t.rfind("custom_", 0) == 0 && t.size() > 7;
}

ProductSelector read_selector(JsonReader& r, const json& obj, const std::string& at, const char* key) {
  ProductSelector s;
  const json* v = r.member(obj, at, key, false);
  if (!v) return s;
  const std::string here = pointer_child(at, key);
  if (!r.is_object(*v, here)) return s;
  r.only_keys(*v, here, {"products", "collections", "tags"});
  s.products = r.id_list(*v, here, "products");
  s.collections = r.id_list(*v, here, "collections");
  s.tags = r.id_list(*v, here, "tags");
  return s;
}

template <class Enum>
Enum read_enum(JsonReader& r, const json& obj, const std::string& at, const char* key, Enum fallback,
               std::initializer_list<std::pair<const char*, Enum>> names) {
  const json* v = r.member(obj, at, key, false);
  if (!v) return fallback;
  std::string options;
  if (v->is_string()) {
    for (const auto& n : names)
      if (v->get_ref<const std::string&>() == n.first) return n.second;
  }
  for (const auto& n : names) options += (options.empty() ? "" : ", ") + std::string(n.first);
  r.fail(pointer_child(at, key), LOYALTY_WHY("must be one of: " + options));
  return fallback;
}

void read_earn(JsonReader& r, const json& root, Program& p) {
  const json* e = r.member(root, "", "earn", true);
  if (!e || !r.is_object(*e, "/earn")) return;
  const std::string at = "/earn";
  r.only_keys(*e, at, {"points", "per_amount", "rounding", "round_per_line", "basis"});
  p.earn.points = r.integer(*e, at, "points", true, 1, 0, 1000000);
  p.earn.per_amount = r.integer(*e, at, "per_amount", false, 100, 1, kMaxAmount);
  p.earn.rounding = read_enum(r, *e, at, "rounding", Rounding::Floor,
                              {{"floor", Rounding::Floor}, {"ceil", Rounding::Ceil},
                               {"half_up", Rounding::HalfUp}, {"half_even", Rounding::HalfEven}});
  p.earn.round_per_line = r.boolean(*e, at, "round_per_line", false);
  if (const json* b = r.member(*e, at, "basis", false)) {
    const std::string bat = at + "/basis";
    if (r.is_object(*b, bat)) {
      r.only_keys(*b, bat, {"after_discounts", "exclude_tax", "exclude_shipping", "exclude_gift_cards", "include_test_orders", "excluded"});
      p.earn.basis.after_discounts = r.boolean(*b, bat, "after_discounts", true);
      p.earn.basis.exclude_tax = r.boolean(*b, bat, "exclude_tax", true);
      p.earn.basis.exclude_shipping = r.boolean(*b, bat, "exclude_shipping", true);
      p.earn.basis.exclude_gift_cards = r.boolean(*b, bat, "exclude_gift_cards", true);
      p.earn.basis.include_test_orders = r.boolean(*b, bat, "include_test_orders", false);
      p.earn.basis.excluded = read_selector(r, *b, bat, "excluded");
    }
  }
}

// Reads an array member, calling fn(item, pointer) for each object item.
template <class Fn>
void each_object(JsonReader& r, const json& root, const std::string& at, const char* key, size_t max, Fn fn) {
  const json* arr = r.member(root, at, key, false);
  if (!arr) return;
  const std::string here = pointer_child(at, key);
  if (!r.is_array(*arr, here, max)) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string item_at = pointer_index(here, i);
    if (r.is_object((*arr)[i], item_at)) fn((*arr)[i], item_at);
  }
}

template <class T, class GetId>
void require_unique(JsonReader& r, const std::vector<T>& items, const std::string& at, const char* field, GetId get) {
  std::set<std::string> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& id = get(items[i]);
    if (id.empty()) continue;
    if (!seen.insert(id).second) r.fail(pointer_child(pointer_index(at, i), field), LOYALTY_WHY("duplicates an earlier " + std::string(field) + " '" + id + "'"));
  }
}

void read_multipliers(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "multipliers", 200, [&](const json& m, const std::string& at) {
    r.only_keys(m, at, {"id", "name", "applies_to", "percent"});
    ProductMultiplier pm;
    pm.id = r.id(m, at, "id", true);
    pm.name = r.text(m, at, "name", false, pm.id);
    pm.applies_to = read_selector(r, m, at, "applies_to");
    if (pm.applies_to.empty() && r.member(m, at, "applies_to", false) == nullptr)
      r.fail(pointer_child(at, "applies_to"), LOYALTY_WHY("is required (which products, collections or tags)"));
    pm.percent = r.integer(m, at, "percent", true, 100, 0, kMaxPercent);
    p.multipliers.push_back(std::move(pm));
  });
  require_unique(r, p.multipliers, "/multipliers", "id", [](const ProductMultiplier& m) { return m.id; });
}

void read_campaigns(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "campaigns", 200, [&](const json& c, const std::string& at) {
    r.only_keys(c, at, {"id", "name", "starts_at", "ends_at", "weekdays", "applies_to", "percent", "bonus_points", "min_spend"});
    Campaign k;
    k.id = r.id(c, at, "id", true);
    k.name = r.text(c, at, "name", false, k.id);
    k.starts_at = r.instant(c, at, "starts_at", true);
    k.ends_at = r.instant(c, at, "ends_at", true);
    if (k.ends_at <= k.starts_at && r.member(c, at, "ends_at", false))
      r.fail(pointer_child(at, "ends_at"), LOYALTY_WHY("must be after " + pointer_child(at, "starts_at")));
    if (const json* w = r.member(c, at, "weekdays", false)) {
      const std::string wat = pointer_child(at, "weekdays");
      if (r.is_array(*w, wat, 7))
        for (size_t i = 0; i < w->size(); ++i) k.weekdays.push_back(static_cast<int>(r.integer_value((*w)[i], pointer_index(wat, i), 0, 6)));
    }
    k.applies_to = read_selector(r, c, at, "applies_to");
    k.percent = r.integer(c, at, "percent", false, 100, 0, kMaxPercent);
    k.bonus_points = r.integer(c, at, "bonus_points", false, 0, 0, kMaxPoints);
    k.min_spend = r.integer(c, at, "min_spend", false, 0, 0, kMaxAmount);
    if (k.percent == 100 && k.bonus_points == 0)
      r.fail(at, LOYALTY_WHY("does nothing: set percent (other than 100) or bonus_points"));
    p.campaigns.push_back(std::move(k));
  });
  require_unique(r, p.campaigns, "/campaigns", "id", [](const Campaign& c) { return c.id; });
}

void read_actions(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "actions", 100, [&](const json& a, const std::string& at) {
    r.only_keys(a, at, {"type", "name", "points", "self_claimed", "url", "limits"});
    ActionRule rule;
    rule.type = r.text(a, at, "type", true);
    if (!rule.type.empty() && !known_action_type(rule.type))
      r.fail(pointer_child(at, "type"), LOYALTY_WHY("unknown action type '" + rule.type + "' (custom ones start with custom_)"));
    rule.name = r.text(a, at, "name", false, rule.type);
    rule.points = r.integer(a, at, "points", true, 0, 0, kMaxPoints);
    rule.self_claimed = r.boolean(a, at, "self_claimed", false);
    if (rule.self_claimed && (rule.type == "signup" || rule.type == "birthday" || rule.type == "review" ||
                              rule.type == "photo_review" || rule.type == "receipt_upload"))
      r.fail(pointer_child(at, "self_claimed"), LOYALTY_WHY("'" + rule.type + "' is verified by the shop, not claimed by the shopper"));
    rule.url = r.text(a, at, "url", false, "", 500);
    if (const json* l = r.member(a, at, "limits", false)) {
      const std::string lat = pointer_child(at, "limits");
      if (r.is_object(*l, lat)) {
        r.only_keys(*l, lat, {"per_day", "per_month", "lifetime", "cooldown_hours"});
        rule.limits.per_day = r.integer(*l, lat, "per_day", false, 0, 0, 1000000);
        rule.limits.per_month = r.integer(*l, lat, "per_month", false, 0, 0, 1000000);
        rule.limits.lifetime = r.integer(*l, lat, "lifetime", false, 0, 0, 1000000);
        rule.limits.cooldown = r.integer(*l, lat, "cooldown_hours", false, 0, 0, kMaxDays * 24) * 3600;
        if (rule.limits.per_day && rule.limits.per_month && rule.limits.per_month < rule.limits.per_day)
          r.fail(pointer_child(lat, "per_month"), LOYALTY_WHY("must be at least " + pointer_child(lat, "per_day")));
      }
    }
    if (rule.self_claimed && !rule.limits.per_day && !rule.limits.per_month && !rule.limits.lifetime && !rule.limits.cooldown)
      r.fail(pointer_child(at, "limits"), LOYALTY_WHY("a self-claimed action needs a limit (per_day, per_month, lifetime or cooldown_hours)"));
    p.actions.push_back(std::move(rule));
  });
  require_unique(r, p.actions, "/actions", "type", [](const ActionRule& a) { return a.type; });
}

void read_rewards(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "rewards", 200, [&](const json& w, const std::string& at) {
    r.only_keys(w, at, {"id", "name", "kind", "cost", "amount", "percent", "max_amount", "product_id", "product_value",
                        "points_step", "amount_per_step", "min_points", "max_points", "min_order", "tiers"});
    Reward rw;
    rw.id = r.id(w, at, "id", true);
    rw.name = r.text(w, at, "name", true);
    rw.kind = read_enum(r, w, at, "kind", RewardKind::FixedDiscount,
                        {{"fixed_discount", RewardKind::FixedDiscount}, {"percent_discount", RewardKind::PercentDiscount},
                         {"free_shipping", RewardKind::FreeShipping}, {"free_product", RewardKind::FreeProduct},
                         {"variable", RewardKind::Variable}, {"cashback", RewardKind::Cashback}});
    if (!r.member(w, at, "kind", true)) return;
    const bool variable = rw.kind == RewardKind::Variable;
    rw.cost = r.integer(w, at, "cost", !variable, 0, variable ? 0 : 1, kMaxPoints);
    rw.min_order = r.integer(w, at, "min_order", false, 0, 0, kMaxAmount);
    switch (rw.kind) {
      case RewardKind::FixedDiscount:
      case RewardKind::Cashback:
        rw.amount = r.integer(w, at, "amount", true, 0, 1, kMaxAmount);
        break;
      case RewardKind::PercentDiscount:
        rw.percent = r.integer(w, at, "percent", true, 0, 1, 100);
        rw.max_amount = r.integer(w, at, "max_amount", false, 0, 0, kMaxAmount);
        break;
      case RewardKind::FreeShipping:
        rw.max_amount = r.integer(w, at, "max_amount", false, 0, 0, kMaxAmount);
        break;
      case RewardKind::FreeProduct:
        rw.product_id = r.id(w, at, "product_id", true);
        rw.product_value = r.integer(w, at, "product_value", true, 0, 1, kMaxAmount);
        break;
      case RewardKind::Variable:
        rw.points_step = r.integer(w, at, "points_step", true, 1, 1, kMaxPoints);
        rw.amount_per_step = r.integer(w, at, "amount_per_step", true, 1, 1, kMaxAmount);
        rw.min_points = r.integer(w, at, "min_points", false, 0, 0, kMaxPoints);
        rw.max_points = r.integer(w, at, "max_points", false, 0, 0, kMaxPoints);
        if (rw.max_points && rw.max_points < rw.min_points)
          r.fail(pointer_child(at, "max_points"), LOYALTY_WHY("must be at least " + pointer_child(at, "min_points")));
        if (rw.points_step > 0 && rw.min_points % rw.points_step != 0)
          r.fail(pointer_child(at, "min_points"), LOYALTY_WHY("must be a multiple of " + pointer_child(at, "points_step")));
        break;
    }
    rw.tiers = r.id_list(w, at, "tiers", 50);
    p.rewards.push_back(std::move(rw));
  });
  require_unique(r, p.rewards, "/rewards", "id", [](const Reward& w) { return w.id; });
}

void read_tiers(JsonReader& r, const json& root, Program& p) {
  if (const json* t = r.member(root, "", "tier_rules", false)) {
    const std::string at = "/tier_rules";
    if (r.is_object(*t, at)) {
      r.only_keys(*t, at, {"basis", "window", "retention_days"});
      p.tiers.basis = read_enum(r, *t, at, "basis", TierBasis::PointsEarned,
                                {{"points_earned", TierBasis::PointsEarned}, {"amount_spent", TierBasis::AmountSpent}});
      p.tiers.window = read_enum(r, *t, at, "window", TierWindow::Lifetime,
                                 {{"lifetime", TierWindow::Lifetime}, {"calendar_year", TierWindow::CalendarYear},
                                  {"rolling_12_months", TierWindow::Rolling12Months}});
      p.tiers.retention_days = r.integer(*t, at, "retention_days", false, 0, 0, kMaxDays);
    }
  }
  each_object(r, root, "", "tiers", 20, [&](const json& t, const std::string& at) {
    r.only_keys(t, at, {"id", "name", "threshold", "multiplier_percent", "entry_reward", "free_shipping_threshold", "perks"});
    Tier tier;
    tier.id = r.id(t, at, "id", true);
    tier.name = r.text(t, at, "name", true);
    tier.threshold = r.integer(t, at, "threshold", true, 0, 1, kMaxAmount);
    tier.multiplier_percent = r.integer(t, at, "multiplier_percent", false, 100, 100, kMaxPercent);
    tier.entry_reward = r.integer(t, at, "entry_reward", false, 0, 0, kMaxPoints);
    tier.free_shipping_threshold = r.integer(t, at, "free_shipping_threshold", false, -1, 0, kMaxAmount);
    if (const json* perks = r.member(t, at, "perks", false)) {
      const std::string pat = pointer_child(at, "perks");
      if (r.is_array(*perks, pat, 20))
        for (size_t i = 0; i < perks->size(); ++i) {
          if ((*perks)[i].is_string() && (*perks)[i].get_ref<const std::string&>().size() <= 200)
            tier.perks.push_back((*perks)[i].get<std::string>());
          else
            r.fail(pointer_index(pat, i), LOYALTY_WHY("must be a string of at most 200 bytes"));
        }
    }
    p.tiers.tiers.push_back(std::move(tier));
  });
  for (size_t i = 1; i < p.tiers.tiers.size(); ++i)
    if (p.tiers.tiers[i].threshold <= p.tiers.tiers[i - 1].threshold)
      r.fail("/tiers/" + std::to_string(i) + "/threshold", LOYALTY_WHY("must be greater than /tiers/" + std::to_string(i - 1) + "/threshold"));
  require_unique(r, p.tiers.tiers, "/tiers", "id", [](const Tier& t) { return t.id; });
  for (size_t i = 0; i < p.rewards.size(); ++i)
    for (size_t k = 0; k < p.rewards[i].tiers.size(); ++k)
      if (!p.find_tier(p.rewards[i].tiers[k]))
        r.fail(pointer_index("/rewards/" + std::to_string(i) + "/tiers", k), LOYALTY_WHY("no tier with id '" + p.rewards[i].tiers[k] + "'"));
}

ReferralSide read_referral_side(JsonReader& r, const json& obj, const std::string& at, const char* key) {
  ReferralSide s;
  const json* v = r.member(obj, at, key, true);
  const std::string here = pointer_child(at, key);
  if (!v || !r.is_object(*v, here)) return s;
  r.only_keys(*v, here, {"kind", "points", "amount"});
  s.kind = read_enum(r, *v, here, "kind", ReferralRewardKind::Points,
                     {{"points", ReferralRewardKind::Points}, {"fixed_discount", ReferralRewardKind::FixedDiscount}});
  if (s.kind == ReferralRewardKind::Points) s.points = r.integer(*v, here, "points", true, 0, 1, kMaxPoints);
  else s.amount = r.integer(*v, here, "amount", true, 0, 1, kMaxAmount);
  return s;
}

void read_referral(JsonReader& r, const json& root, Program& p) {
  const json* v = r.member(root, "", "referral", false);
  if (!v || !r.is_object(*v, "/referral")) return;
  const std::string at = "/referral";
  r.only_keys(*v, at, {"enabled", "referrer", "referee", "min_order", "first_order_only", "max_per_referrer",
                       "block_self_referral", "block_same_email", "block_same_device"});
  auto& f = p.referral;
  f.enabled = r.boolean(*v, at, "enabled", true);
  f.referrer = read_referral_side(r, *v, at, "referrer");
  f.referee = read_referral_side(r, *v, at, "referee");
  f.min_order = r.integer(*v, at, "min_order", false, 0, 0, kMaxAmount);
  f.first_order_only = r.boolean(*v, at, "first_order_only", true);
  f.max_per_referrer = r.integer(*v, at, "max_per_referrer", false, 0, 0, 1000000);
  f.block_self_referral = r.boolean(*v, at, "block_self_referral", true);
  f.block_same_email = r.boolean(*v, at, "block_same_email", true);
  f.block_same_device = r.boolean(*v, at, "block_same_device", true);
}

void read_lifecycle(JsonReader& r, const json& root, Program& p) {
  const json* v = r.member(root, "", "lifecycle", false);
  if (!v || !r.is_object(*v, "/lifecycle")) return;
  const std::string at = "/lifecycle";
  r.only_keys(*v, at, {"pending_days", "expiry", "expiry_days", "negative_balance"});
  auto& l = p.lifecycle;
  l.pending_days = r.integer(*v, at, "pending_days", false, 0, 0, 365);
  l.expiry = read_enum(r, *v, at, "expiry", ExpiryMode::Never,
                       {{"never", ExpiryMode::Never}, {"after_earning", ExpiryMode::AfterEarning},
                        {"after_inactivity", ExpiryMode::AfterInactivity}});
  l.expiry_days = r.integer(*v, at, "expiry_days", l.expiry != ExpiryMode::Never, 0, l.expiry != ExpiryMode::Never ? 1 : 0, kMaxDays);
  l.negative_balance = read_enum(r, *v, at, "negative_balance", NegativeBalancePolicy::HoldAsPending,
                                 {{"hold_as_pending", NegativeBalancePolicy::HoldAsPending},
                                  {"allow_debt", NegativeBalancePolicy::AllowDebt}});
}

void read_memberships(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "memberships", 20, [&](const json& m, const std::string& at) {
    r.only_keys(m, at, {"id", "name", "fee", "interval", "multiplier_percent", "join_bonus", "free_shipping", "perks"});
    MembershipPlan plan;
    plan.id = r.id(m, at, "id", true);
    plan.name = r.text(m, at, "name", true);
    plan.fee = r.integer(m, at, "fee", true, 0, 1, kMaxAmount);
    plan.interval = read_enum(r, m, at, "interval", FeeInterval::Month, {{"month", FeeInterval::Month}, {"year", FeeInterval::Year}});
    plan.multiplier_percent = r.integer(m, at, "multiplier_percent", false, 100, 100, kMaxPercent);
    plan.join_bonus = r.integer(m, at, "join_bonus", false, 0, 0, kMaxPoints);
    plan.free_shipping = r.boolean(m, at, "free_shipping", false);
    if (const json* perks = r.member(m, at, "perks", false)) {
      const std::string pat = pointer_child(at, "perks");
      if (r.is_array(*perks, pat, 20))
        for (size_t i = 0; i < perks->size(); ++i) {
          if ((*perks)[i].is_string() && (*perks)[i].get_ref<const std::string&>().size() <= 200)
            plan.perks.push_back((*perks)[i].get<std::string>());
          else
            r.fail(pointer_index(pat, i), LOYALTY_WHY("must be a string of at most 200 bytes"));
        }
    }
    p.memberships.push_back(std::move(plan));
  });
  require_unique(r, p.memberships, "/memberships", "id", [](const MembershipPlan& m) { return m.id; });
}

void read_partners(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "partners", 50, [&](const json& m, const std::string& at) {
    r.only_keys(m, at, {"id", "name", "partner_points", "our_points", "allow_in", "allow_out", "min_exchange"});
    Partner pt;
    pt.id = r.id(m, at, "id", true);
    pt.name = r.text(m, at, "name", true);
    pt.partner_points = r.integer(m, at, "partner_points", true, 1, 1, 1000000);
    pt.our_points = r.integer(m, at, "our_points", true, 1, 1, 1000000);
    pt.allow_in = r.boolean(m, at, "allow_in", true);
    pt.allow_out = r.boolean(m, at, "allow_out", true);
    pt.min_exchange = r.integer(m, at, "min_exchange", false, 0, 0, kMaxPoints);
    if (!pt.allow_in && !pt.allow_out) r.fail(pointer_child(at, "allow_out"), LOYALTY_WHY("a partner must allow exchange in at least one direction"));
    p.partners.push_back(std::move(pt));
  });
  require_unique(r, p.partners, "/partners", "id", [](const Partner& m) { return m.id; });
}

bool valid_currency(const std::string& c) {
  return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

}  // namespace

// time_zone (IANA name) + time_zone_rule (its POSIX rule), or the older fixed
// utc_offset_minutes. The rule is what the core evaluates; the CLI and the
// server fill it from the system's tz data when a program gives only the name.
void read_time_zone(JsonReader& r, const json& root, Program& p) {
  const bool has_name = r.member(root, "", "time_zone", false) != nullptr;
  const bool has_rule = r.member(root, "", "time_zone_rule", false) != nullptr;
  if (!has_name && !has_rule) {
    p.zone = TimeZone(static_cast<int>(r.integer(root, "", "utc_offset_minutes", false, 0, -14 * 60, 14 * 60)));
    return;
  }
  if (r.member(root, "", "utc_offset_minutes", false))
    r.fail("/utc_offset_minutes", LOYALTY_WHY("must not be given with /time_zone (the zone's rule decides the offset)"));
  const size_t before = r.mark();
  const std::string name = r.text(root, "", "time_zone", false, "", 64);
  const bool name_chars = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' || c == '+';
  });
  // An empty name is no zone either (the schema's pattern wants 1 to 64 of these characters).
  if (has_name && !r.failed_since(before) && (name.empty() || !name_chars))
    r.fail("/time_zone", LOYALTY_WHY("must be an IANA time zone name like Europe/Bucharest"));
  if (!has_rule) {
    r.fail("/time_zone_rule", LOYALTY_WHY("is required with /time_zone: the zone's POSIX rule, like EET-2EEST,M3.5.0/3,M10.5.0/4 "
                              "(loyalty and loyalty-server fill it from the system's tz data)"));
    return;
  }
  const std::string rule = r.text(root, "", "time_zone_rule", true, "", 100);
  std::string why;
  auto zone = parse_tz_rule(rule, &why);
  if (!zone) {
    if (!rule.empty()) r.fail("/time_zone_rule", LOYALTY_WHY(why + " (like EET-2EEST,M3.5.0/3,M10.5.0/4)"));
    return;
  }
  p.zone = *zone;
  p.zone.name = name;
}

namespace {

// The top-level fields; false when the root is not an object.
bool read_head(JsonReader& r, const json& root, Program& p) {
  if (!r.is_object(root, "")) return false;
  r.only_keys(root, "", {"$schema", "shop", "name", "version", "currency", "minor_digits", "utc_offset_minutes", "time_zone",
                         "time_zone_rule", "earn",
                         "multipliers", "campaigns", "actions", "rewards", "tier_rules", "tiers", "referral", "lifecycle",
                         "memberships", "partners", "free_shipping_threshold", "churn_days", "translations"});
  p.shop = r.id(root, "", "shop", true);
  p.name = r.text(root, "", "name", true);
  p.version = r.integer(root, "", "version", true, 1, 1, 1000000000);
  p.currency = r.text(root, "", "currency", true, "USD", 3);
  if (!p.currency.empty() && !valid_currency(p.currency)) r.fail("/currency", LOYALTY_WHY("must be an ISO 4217 code like USD"));
  p.minor_digits = static_cast<int>(r.integer(root, "", "minor_digits", false, 2, 0, 4));
  return true;
}

Result<Program> finish(const Errors& errors, Program&& p) {
  if (!errors.empty()) return Result<Program>::failure(errors);
  return Result<Program>::success(std::move(p));
}

}  // namespace

Result<Program> program_from_json(const json& root) {
  Errors errors;
  JsonReader r(errors, JsonReader::Null::Refused);
  Program p;
  if (!read_head(r, root, p)) return Result<Program>::failure(errors);
  read_time_zone(r, root, p);
  read_earn(r, root, p);
  read_multipliers(r, root, p);
  read_campaigns(r, root, p);
  read_actions(r, root, p);
  read_rewards(r, root, p);
  read_tiers(r, root, p);
  read_referral(r, root, p);
  read_lifecycle(r, root, p);
  read_memberships(r, root, p);
  read_partners(r, root, p);
  p.free_shipping_threshold = r.integer(root, "", "free_shipping_threshold", false, 0, 0, kMaxAmount);
  p.churn_days = r.integer(root, "", "churn_days", false, 0, 0, kMaxDays);
  read_translations(r, root);
  return finish(errors, std::move(p));
}

// The same reads in the same order, without the parts no quote looks at: a
// separate function, not a flag, so the widget's wasm links none of the others.
Result<Program> quoting_program_from_json(const json& root) {
  Errors errors;
  JsonReader r(errors, JsonReader::Null::Refused);
  Program p;
  if (!read_head(r, root, p)) return Result<Program>::failure(errors);
  read_time_zone(r, root, p);
  read_earn(r, root, p);
  read_multipliers(r, root, p);
  read_campaigns(r, root, p);
  read_rewards(r, root, p);
  read_tiers(r, root, p);
  read_memberships(r, root, p);
  p.free_shipping_threshold = r.integer(root, "", "free_shipping_threshold", false, 0, 0, kMaxAmount);
  return finish(errors, std::move(p));
}

Result<Program> parse_program(const std::string& text) {
  auto j = parse_json(text, "program");
  if (!j.ok()) return Result<Program>::failure(j.errors);
  return program_from_json(j.value);
}

Result<Program> parse_program_for_quotes(const std::string& text) {
  auto j = parse_json(text, "program");
  if (!j.ok()) return Result<Program>::failure(j.errors);
  return quoting_program_from_json(j.value);
}

}  // namespace loyalty
