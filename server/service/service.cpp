#include "service/service.h"

#include <algorithm>

#include "auth/crypto.h"
#include "loyalty/engine.h"
#include "loyalty/json_io.h"
#include "loyalty/referral_code.h"
#include "loyalty/simulate.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "service/webhooks.h"
#include "tz_rule.h"

namespace loyalty::server {

using nlohmann::json;

const char* source_name(WebhookSource s) {
  switch (s) {
    case WebhookSource::Shopify: return "shopify";
    case WebhookSource::WooCommerce: return "woocommerce";
    case WebhookSource::Generic: return "generic";
  }
  return "?";
}

namespace {

loyalty::Event event_or_throw(const json& j) {
  auto e = loyalty::event_from_json(to_core(j));
  if (!e.ok()) throw ApiError::from(422, e.errors);
  return std::move(e.value);
}

// What a key was first used with: the route and the parsed request, canonical
// (nlohmann dumps object keys sorted), so the same request in other whitespace matches.
std::string request_hash(const char* route, const json& req) { return to_hex(sha256(std::string(route) + "\n" + req.dump())); }

void check_key(const std::string& key) {
  if (key.size() > 200) throw ApiError(400, "Idempotency-Key must be at most 200 characters", "");
  for (char ch : key)
    if (static_cast<unsigned char>(ch) < 0x20) throw ApiError(400, "Idempotency-Key must not contain control characters", "");
}

json entry_json(const loyalty::LedgerEntry& e, std::int64_t seq) {
  json j = to_nlohmann(loyalty::to_json(e));
  j["seq"] = seq;
  return j;
}

std::string unique_suffix() { return std::to_string(now_ms()) + "-" + random_hex(6); }

}  // namespace

std::int64_t next_check_at(const loyalty::Program& p, const loyalty::CustomerProfile& who, const loyalty::LedgerView& ledger,
                           std::int64_t now) {
  std::int64_t t = now + loyalty::kDay;
  std::int64_t last = 0;
  for (const loyalty::LedgerEntry* e : ledger) {
    if (e->matures_at > now) t = std::min(t, e->matures_at);
    if (e->expires_at > now) t = std::min(t, e->expires_at);
    last = std::max(last, e->at);
  }
  if (p.lifecycle.expiry == loyalty::ExpiryMode::AfterInactivity && last) {
    const std::int64_t due = last + p.lifecycle.expiry_days * loyalty::kDay;
    if (due > now) t = std::min(t, due);
  }
  if (who.birthday) {
    const auto today = loyalty::local_date(now, p.zone);
    for (int y = today.year; y <= today.year + 1; ++y) {
      loyalty::CivilDate d{y, who.birthday->month, std::min(who.birthday->day, loyalty::days_in_month(y, who.birthday->month))};
      const std::int64_t start = loyalty::local_day_start(d, p.zone);
      if (start > now) {
        t = std::min(t, start);
        break;
      }
    }
  }
  return t;
}

std::string Service::referral_code(const ShopRecord& shop, const std::string& customer) const {
  return loyalty::make_referral_code(shop.code_seed, customer);
}

ProgramRecord Service::require_program(const std::string& shop) { return server::require_program(store_, shop); }

namespace {

// The per-minute limits, counted in the ledger under the customer's lock: exact
// across every server sharing the store (the in-process counters before the
// transaction only turn away a flood of attempts early, per process).
template <class Counts>
bool over_limit(const CustomerLedger& before, int per_minute, std::int64_t now, Counts counts) {
  if (per_minute <= 0) return false;
  int recent = 0;
  for (const loyalty::LedgerEntry* e : before.view()) recent += e->at > now - 60 && counts(*e);
  return recent >= per_minute;
}

}  // namespace

loyalty::LedgerView Service::Applied::ledger() const {
  loyalty::LedgerView v = before.view();
  for (const auto& e : entries) v.push_back(&e);
  return v;
}

Service::Applied Service::apply_locked(Conn& c, const ShopRecord& shop, const ProgramRecord& prog, const std::string& customer,
                                       const loyalty::Event& e, const std::optional<json>& profile, std::int64_t now) {
  store_.customers().lock(c, shop.id, customer, referral_code(shop, customer), now);
  Applied out;
  // Through the parsed-ledger cache: a long history is not parsed again.
  out.before = store_.ledgers().read(c, shop.id, customer);
  out.profile = out.before.profile;
  if (profile) {
    json merged = to_nlohmann(loyalty::to_json(out.profile));
    for (auto it = profile->begin(); it != profile->end(); ++it)
      if (it.key() != "id") merged[it.key()] = it.value();
    auto p = loyalty::profile_from_json(to_core(merged));
    if (!p.ok()) throw ApiError::from(422, p.errors, "/profile");
    out.profile = p.value;
    store_.customers().save_profile(c, shop.id, out.profile);
  }
  auto r = loyalty::apply(*prog.program, out.profile, out.before.view(), e, now);
  if (!r.ok()) throw ApiError::from(422, r.errors);
  if (r.value.duplicate) {
    out.duplicate = true;
    if (e.kind == loyalty::EventKind::Tick)
      store_.customers().set_next_check(c, shop.id, customer, next_check_at(*prog.program, out.profile, out.ledger(), now));
    return out;
  }
  out.written = store_.customers().insert_entries(c, shop.id, customer, r.value.entries);
  out.coupon = r.value.coupon_code;
  out.entries = std::move(r.value.entries);
  store_.customers().set_next_check(c, shop.id, customer, next_check_at(*prog.program, out.profile, out.ledger(), now));
  counters_.entries_written += out.written;
  return out;
}

Outcome Service::webhook(const ShopRecord& shop, WebhookSource src, const std::string& topic, const std::string& delivery_id,
                         const std::string& body, std::int64_t now) {
  const ProgramRecord prog = require_program(shop.id);
  const json payload = read_json(body, "payload");
  Mapping m;
  switch (src) {
    case WebhookSource::Shopify: m = map_shopify(topic, payload, *prog.program, shop.code_seed, now); break;
    case WebhookSource::WooCommerce: m = map_woocommerce(topic, payload, *prog.program, shop.code_seed, now); break;
    case WebhookSource::Generic: m = map_generic(payload); break;
  }
  std::vector<loyalty::Event> events;
  for (const auto& me : m.events) events.push_back(event_or_throw(me.event));
  std::string delivery = delivery_id;
  if (delivery.empty() && !events.empty()) delivery = events.front().id;
  const std::string source = source_name(src);

  auto c = store_.conn();
  if (!m.refund_order_id.empty()) {
    auto owner = store_.customers().by_order(*c, shop.id, m.refund_order_id);
    if (!owner) {
      m.events.clear();
      events.clear();
      m.ignored = "no points were recorded for order " + m.refund_order_id;
    } else {
      for (auto& me : m.events) me.customer_id = *owner;
    }
  }
  if (events.empty()) {
    if (!delivery.empty())
      in_write_tx(*c, [&] { store_.deliveries().record(*c, shop.id, source, delivery, now, "ignored"); });
    ++counters_.webhooks_ignored;
    return {200, {{"status", "ignored"}, {"reason", m.ignored}}};
  }
  struct Result {
    bool duplicate = true;
    int written = 0;
    std::vector<loyalty::LedgerEntry> entries;
  };
  Result res = in_write_tx(*c, [&] {
    Result r;
    // Same delivery seen before: nothing again (checked after the customer
    // lock so two servers receiving the same retry serialise here).
    store_.customers().lock(*c, shop.id, m.events.front().customer_id, referral_code(shop, m.events.front().customer_id), now);
    if (!delivery.empty() && store_.deliveries().seen(*c, shop.id, source, delivery)) return r;
    const ProgramRecord fresh = store_.shops().program(*c, shop.id).value_or(prog);
    for (size_t i = 0; i < events.size(); ++i) {
      Applied a = apply_locked(*c, shop, fresh, m.events[i].customer_id, events[i], m.events[i].profile, now);
      r.duplicate = r.duplicate && a.duplicate;
      r.written += a.written;
      r.entries.insert(r.entries.end(), a.entries.begin(), a.entries.end());
      if (!a.duplicate) reward_referrer_of_first_order(*c, shop, fresh, a, now);
    }
    if (!delivery.empty()) store_.deliveries().record(*c, shop.id, source, delivery, now, r.duplicate ? "duplicate" : "applied");
    return r;
  });
  if (res.duplicate) {
    ++counters_.webhooks_duplicate;
    return {200, {{"status", "duplicate"}, {"entries", 0}}};
  }
  ++counters_.webhooks_applied;
  json entries = json::array();
  for (const auto& e : res.entries) entries.push_back(to_nlohmann(loyalty::to_json(e)));
  return {200, {{"status", "applied"}, {"entries", entries}}};
}

// A referred friend's first order rewards the referrer in the order's own
// transaction: in a second one, a crash between the two would lose the reward
// for good, since the retried delivery is then a duplicate. Locks go referee,
// then referrer; on PostgreSQL, two referees who referred each other ordering
// at the same moment deadlock, PostgreSQL aborts one, and its delivery gets a
// 5xx and is retried by the platform.
void Service::reward_referrer_of_first_order(Conn& c, const ShopRecord& shop, const ProgramRecord& prog, const Applied& referee,
                                             std::int64_t now) {
  const loyalty::CustomerProfile& who = referee.profile;
  if (who.referred_by.empty()) return;
  const auto is_earn = [](const loyalty::LedgerEntry& e) { return e.type == loyalty::EntryType::Earn; };
  auto earn = std::find_if(referee.entries.begin(), referee.entries.end(), is_earn);
  if (earn == referee.entries.end()) return;
  const loyalty::LedgerView all = referee.ledger();
  if (std::count_if(all.begin(), all.end(), [&](const loyalty::LedgerEntry* e) { return is_earn(*e); }) != 1) return;
  auto code = loyalty::normalize_code(who.referred_by);
  if (!code) return;
  auto referrer = store_.customers().by_referral_code(c, shop.id, *code);
  if (!referrer || *referrer == who.id) return;
  json ev = {{"id", "referral:" + who.id}, {"type", "referral_completed"}, {"at", now},
             {"referee", {{"id", who.id}, {"order_id", earn->order_id}, {"order_eligible", earn->order_eligible},
                          {"first_order", true}}}};
  if (!who.email.empty()) ev["referee"]["email"] = who.email;
  auto e = loyalty::event_from_json(to_core(ev));
  if (!e.ok()) return;
  try {
    apply_locked(c, shop, prog, *referrer, e.value, std::nullopt, now);
  } catch (const ApiError&) {
    // Fraud rules or caps refused it (before anything was written): the
    // referrer gets nothing, by design, and the order stands.
  }
}

json Service::me(const ShopRecord& shop, const std::string& customer, std::int64_t now) {
  const ProgramRecord prog = require_program(shop.id);
  const loyalty::Program& p = *prog.program;
  CustomerLedger cu;
  {
    auto c = store_.conn();
    cu = store_.ledgers().read(*c, shop.id, customer);  // one statement, one snapshot
  }
  const loyalty::CustomerState s = loyalty::state_at(p, cu.profile, cu.view(), now);
  json rewards = json::array();
  for (const auto& r : p.rewards) {
    const bool tier_ok = r.tiers.empty() || std::find(r.tiers.begin(), r.tiers.end(), s.tier.current) != r.tiers.end();
    const loyalty::Points need = r.kind == loyalty::RewardKind::Variable ? std::max(r.min_points, r.points_step) : r.cost;
    json j = {{"id", r.id}, {"name", r.name}, {"kind", loyalty::reward_kind_name(r.kind)}, {"cost", r.cost},
              {"affordable", tier_ok && s.balance >= need}, {"tier_ok", tier_ok}};
    if (r.kind == loyalty::RewardKind::Variable)
      j["variable"] = {{"points_step", r.points_step}, {"amount_per_step", r.amount_per_step}, {"min_points", r.min_points},
                       {"max_points", r.max_points}};
    rewards.push_back(j);
  }
  json activity = json::array();
  const int page = 20;
  const size_t n = cu.size();
  for (int i = static_cast<int>(n) - 1, k = 0; i >= 0 && k < page; --i, ++k)
    activity.push_back(entry_json(cu.entry(static_cast<size_t>(i)), cu.seq(static_cast<size_t>(i))));
  json next = nullptr;
  if (n > static_cast<size_t>(page)) next = std::to_string(cu.seq(n - page));
  const std::string code = loyalty::format_code(referral_code(shop, customer));
  const std::string base = shop.origins.empty() ? "" : shop.origins.front() + "/";
  return {{"customer_id", customer},
          {"state", to_nlohmann(loyalty::to_json(s, p))},
          {"referral", {{"code", code}, {"link", base + "?ref=" + code}}},
          {"rewards", rewards},
          {"activity", activity},
          {"next_cursor", next}};
}

json Service::activity(const ShopRecord& shop, const std::string& customer, const std::string& cursor, int limit) {
  std::int64_t before = INT64_MAX;
  if (!cursor.empty()) {
    if (cursor.size() > 18 || !std::all_of(cursor.begin(), cursor.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      throw ApiError(400, "cursor must be the next_cursor of an earlier page", "");
    before = std::stoll(cursor);
  }
  if (limit < 1 || limit > 200) throw ApiError(400, "limit must be 1 to 200", "");
  auto c = store_.conn();
  auto rows = store_.customers().entries_page(*c, shop.id, customer, before, limit + 1);
  json items = json::array();
  json next = nullptr;
  for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i) items.push_back(entry_json(rows[i].entry, rows[i].seq));
  if (rows.size() > static_cast<size_t>(limit)) next = std::to_string(rows[limit - 1].seq);
  return {{"customer_id", customer}, {"entries", items}, {"next_cursor", next}};
}

Outcome Service::redeem(const ShopRecord& shop, const std::string& customer, const std::string& key, const std::string& body,
                        std::int64_t now) {
  if (key.empty()) throw ApiError(400, "the Idempotency-Key header is required", "");
  check_key(key);
  const json req = read_json_object(body, "request", {"reward_id", "points"});
  if (!req.contains("reward_id")) throw ApiError(422, "is required", "/reward_id");
  const std::string fingerprint = request_hash("redeem", req);
  // A known key answers what it answered the first time, ahead of any limit.
  if (auto done = stored_answer(shop, customer, key, fingerprint)) return *done;
  if (!redeem_limit_.allow(shop.id + "|" + customer, now_ms())) throw ApiError(429, "too many redemptions; try again in a minute", "");
  json ev = {{"id", "redeem-" + key}, {"type", "redeem"}, {"at", now}, {"reward_id", req["reward_id"]},
             {"seed", static_cast<std::int64_t>(shop.code_seed & 0x7fffffffffffffffULL)}};
  if (req.contains("points")) ev["points"] = req["points"];
  const loyalty::Event e = event_or_throw(ev);
  const ProgramRecord prog = require_program(shop.id);
  auto c = store_.conn();
  return in_write_tx(*c, [&]() -> Outcome {
    store_.customers().lock(*c, shop.id, customer, referral_code(shop, customer), now);
    if (auto done = stored_answer(*c, shop, customer, key, fingerprint)) return *done;
    const ProgramRecord fresh = store_.shops().program(*c, shop.id).value_or(prog);
    Applied a = apply_locked(*c, shop, fresh, customer, e, std::nullopt, now);
    const loyalty::LedgerEntry* redeemed = nullptr;
    for (const auto& en : a.entries)
      if (en.type == loyalty::EntryType::Redeem) redeemed = &en;
    if (!redeemed) throw ApiError(409, "this redemption was already made", "");
    if (over_limit(a.before, opts_.redemptions_per_minute, now, [](const loyalty::LedgerEntry& en) {
          return en.type == loyalty::EntryType::Redeem;
        }))
      throw ApiError(429, "too many redemptions; try again in a minute", "");
    const auto s = loyalty::state_at(*fresh.program, a.profile, a.ledger(), now);
    json out = {{"code", redeemed->code}, {"reward_id", redeemed->reward_id}, {"points", -redeemed->points},
                {"value", redeemed->value}, {"balance", s.balance}};
    store_.idempotency().save(*c, shop.id, customer, key, {201, dump(out), fingerprint}, now);
    ++counters_.redemptions;
    return {201, out};
  });
}

Outcome Service::claim_action(const ShopRecord& shop, const std::string& customer, const std::string& key, const std::string& body,
                              std::int64_t now) {
  check_key(key);
  const json req = read_json_object(body, "request", {"action"});
  if (!req.contains("action") || !req["action"].is_string()) throw ApiError(422, "is required (an action type)", "/action");
  const ProgramRecord prog = require_program(shop.id);
  const loyalty::ActionRule* rule = prog.program->find_action(req["action"].get<std::string>());
  if (!rule) throw ApiError(422, "no such action in the program", "/action");
  if (!rule->self_claimed) throw ApiError(403, "this action is verified by the shop, not claimed by the shopper", "/action");
  const std::string fingerprint = request_hash("action", req);
  if (!key.empty())
    if (auto done = stored_answer(shop, customer, "action:" + key, fingerprint)) return *done;
  if (!action_limit_.allow(shop.id + "|" + customer, now_ms())) throw ApiError(429, "too many claims; try again in a minute", "");
  const std::string id = "claim-" + (key.empty() ? unique_suffix() : key);
  const loyalty::Event e = event_or_throw({{"id", id}, {"type", "action"}, {"at", now}, {"action", rule->type}});
  auto c = store_.conn();
  return in_write_tx(*c, [&]() -> Outcome {
    store_.customers().lock(*c, shop.id, customer, referral_code(shop, customer), now);
    if (!key.empty())
      if (auto done = stored_answer(*c, shop, customer, "action:" + key, fingerprint)) return *done;
    const ProgramRecord fresh = store_.shops().program(*c, shop.id).value_or(prog);
    Applied a = apply_locked(*c, shop, fresh, customer, e, std::nullopt, now);
    if (!a.duplicate && over_limit(a.before, opts_.actions_per_minute, now, [](const loyalty::LedgerEntry& en) {
          return en.type == loyalty::EntryType::Action && en.event_id.rfind("claim-", 0) == 0;
        }))
      throw ApiError(429, "too many claims; try again in a minute", "");
    const auto s = loyalty::state_at(*fresh.program, a.profile, a.ledger(), now);
    loyalty::Points pts = 0;
    for (const auto& en : a.entries)
      if (en.type == loyalty::EntryType::Action) pts += en.points;
    json out = {{"action", rule->type}, {"points", pts}, {"balance", s.balance}, {"duplicate", a.duplicate}};
    if (!key.empty()) store_.idempotency().save(*c, shop.id, customer, "action:" + key, {201, dump(out), fingerprint}, now);
    return {201, out};
  });
}

std::optional<Outcome> Service::stored_answer(Conn& c, const ShopRecord& shop, const std::string& customer,
                                             const std::string& key, const std::string& fingerprint) {
  auto done = store_.idempotency().find(c, shop.id, customer, key);
  if (!done) return std::nullopt;
  // Same key, another request: refused, never answered with the first one's result (Stripe does the same).
  if (!done->request_hash.empty() && done->request_hash != fingerprint)
    throw ApiError(422, "Idempotency-Key was already used with a different request; use a new key for a new request", "");
  return Outcome{done->status, json::parse(done->response)};
}

std::optional<Outcome> Service::stored_answer(const ShopRecord& shop, const std::string& customer, const std::string& key,
                                             const std::string& fingerprint) {
  auto c = store_.conn();
  return stored_answer(*c, shop, customer, key, fingerprint);
}

Outcome Service::referral_visit(const ShopRecord& shop, const std::string& body, std::int64_t now) {
  const json req = read_json_object(body, "request", {"code"});
  if (!req.contains("code") || !req["code"].is_string()) throw ApiError(422, "is required (a referral code)", "/code");
  std::string why;
  auto code = loyalty::normalize_code(req["code"].get<std::string>(), &why);
  if (!code) throw ApiError(422, "referral code " + why, "/code");
  auto c = store_.conn();
  if (!store_.customers().by_referral_code(*c, shop.id, *code)) throw ApiError(404, "no customer has this referral code", "/code");
  in_write_tx(*c, [&] { store_.customers().record_referral_visit(*c, shop.id, *code, now); });
  return {200, {{"code", loyalty::format_code(*code)}, {"recorded", true}}};
}

Outcome Service::adjust(const ShopRecord& shop, const std::string& customer, const std::string& key, const std::string& body,
                        std::int64_t now) {
  check_key(key);
  const json req = read_json_object(body, "request", {"points", "note"});
  const std::string fingerprint = request_hash("adjust", req);
  json ev = {{"id", "adjust-" + (key.empty() ? unique_suffix() : key)}, {"type", "adjust"}, {"at", now}};
  for (const char* k : {"points", "note"})
    if (req.contains(k)) ev[k] = req[k];
  const loyalty::Event e = event_or_throw(ev);
  const ProgramRecord prog = require_program(shop.id);
  auto c = store_.conn();
  return in_write_tx(*c, [&]() -> Outcome {
    store_.customers().lock(*c, shop.id, customer, referral_code(shop, customer), now);
    if (!key.empty())
      if (auto done = stored_answer(*c, shop, customer, "adjust:" + key, fingerprint)) return *done;
    const ProgramRecord fresh = store_.shops().program(*c, shop.id).value_or(prog);
    Applied a = apply_locked(*c, shop, fresh, customer, e, std::nullopt, now);
    const auto s = loyalty::state_at(*fresh.program, a.profile, a.ledger(), now);
    json entries = json::array();
    for (const auto& en : a.entries) entries.push_back(to_nlohmann(loyalty::to_json(en)));
    Outcome out{a.duplicate ? 200 : 201, {{"duplicate", a.duplicate}, {"entries", entries}, {"balance", s.balance}}};
    if (!key.empty()) store_.idempotency().save(*c, shop.id, customer, "adjust:" + key, {out.status, dump(out.body), fingerprint}, now);
    return out;
  });
}

json Service::tick(const std::string& shop_id, std::int64_t now, int limit) {
  auto shop = store_.shops().shop(shop_id);
  auto prog = store_.shops().program(shop_id);
  if (!shop || !prog) return {{"customers", 0}, {"entries", 0}};
  auto c = store_.conn();
  const auto due = store_.customers().due(*c, shop_id, now, limit);
  int customers = 0, written = 0;
  loyalty::Event e;
  e.id = "tick:" + std::to_string(now);
  e.kind = loyalty::EventKind::Tick;
  e.at = now;
  for (const auto& id : due) {
    try {
      in_write_tx(*c, [&] {
        const ProgramRecord fresh = store_.shops().program(*c, shop_id).value_or(*prog);
        Applied a = apply_locked(*c, *shop, fresh, id, e, std::nullopt, now);
        written += a.written;
        if (!a.duplicate) ++customers;
      });
    } catch (const ApiError&) {
      // A customer the core cannot tick (should not happen): look again tomorrow.
      in_write_tx(*c, [&] { store_.customers().set_next_check(*c, shop_id, id, now + loyalty::kDay); });
    }
  }
  counters_.tick_customers += customers;
  return {{"customers", customers}, {"entries", written}, {"due", due.size()}};
}

}  // namespace loyalty::server
