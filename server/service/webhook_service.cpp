#include "service/webhook_service.h"

#include <algorithm>

#include "loyalty/json_io.h"
#include "loyalty/referral_code.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "service/webhooks.h"

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

Outcome WebhookService::webhook(const ShopRecord& shop, WebhookSource src, const std::string& topic,
                                const std::string& delivery_id, const std::string& body, std::int64_t now) {
  const ProgramRecord prog = require_program(store_, shop.id);
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

  {
    auto c = store_.conn();  // given back before the transaction takes one
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
  }
  struct Result {
    bool duplicate = true;
    std::vector<loyalty::LedgerEntry> entries;
  };
  Result res = writes_.in_customer_tx(shop, m.events.front().customer_id, prog, now, [&](CustomerTx& tx) {
    Result r;
    // Same delivery seen before: nothing again (checked under the customer's
    // lock, so two servers receiving the same retry serialise here).
    if (!delivery.empty() && store_.deliveries().seen(tx.conn, shop.id, source, delivery)) return r;
    for (size_t i = 0; i < events.size(); ++i) {
      Applied a = writes_.apply(tx, shop, m.events[i].customer_id, events[i], m.events[i].profile, now);
      r.duplicate = r.duplicate && a.duplicate;
      r.entries.insert(r.entries.end(), a.entries.begin(), a.entries.end());
      if (!a.duplicate) reward_referrer_of_first_order(tx, shop, a, now);
    }
    if (!delivery.empty()) store_.deliveries().record(tx.conn, shop.id, source, delivery, now, r.duplicate ? "duplicate" : "applied");
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
void WebhookService::reward_referrer_of_first_order(CustomerTx& tx, const ShopRecord& shop, const Applied& referee, std::int64_t now) {
  const loyalty::CustomerProfile& who = referee.profile;
  if (who.referred_by.empty()) return;
  const auto is_earn = [](const loyalty::LedgerEntry& e) { return e.type == loyalty::EntryType::Earn; };
  auto earn = std::find_if(referee.entries.begin(), referee.entries.end(), is_earn);
  if (earn == referee.entries.end()) return;
  const loyalty::LedgerView all = referee.ledger();
  if (std::count_if(all.begin(), all.end(), [&](const loyalty::LedgerEntry* e) { return is_earn(*e); }) != 1) return;
  auto code = loyalty::normalize_code(who.referred_by);
  if (!code) return;
  auto referrer = store_.customers().by_referral_code(tx.conn, shop.id, *code);
  if (!referrer || *referrer == who.id) return;
  json ev = {{"id", "referral:" + who.id}, {"type", "referral_completed"}, {"at", now},
             {"referee", {{"id", who.id}, {"order_id", earn->order_id}, {"order_eligible", earn->order_eligible},
                          {"first_order", true}}}};
  if (!who.email.empty()) ev["referee"]["email"] = who.email;
  auto e = loyalty::event_from_json(to_core(ev));
  if (!e.ok()) return;
  try {
    writes_.apply(tx, shop, *referrer, e.value, std::nullopt, now);
  } catch (const ApiError&) {
    // Fraud rules or caps refused it (before anything was written): the
    // referrer gets nothing, by design, and the order stands.
  }
}

}  // namespace loyalty::server
