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
    case WebhookSource::Shopify: m = map_shopify(topic, payload, *prog.program, now); break;
    case WebhookSource::WooCommerce: m = map_woocommerce(topic, payload, *prog.program, now); break;
    case WebhookSource::Generic: m = map_generic(payload); break;
  }
  give_shop_seed(m, shop.code_seed);
  std::string delivery = delivery_id;
  if (delivery.empty() && !m.events.empty()) delivery = m.events.front().event.id;
  const std::string source = source_name(src);

  {
    auto c = store_.conn();  // given back before the transaction takes one
    if (!m.refund_order_id.empty()) {
      auto owner = store_.customers().by_order(*c, shop.id, m.refund_order_id);
      if (!owner) {
        m.events.clear();
        m.ignored = "no points were recorded for order " + m.refund_order_id;
      } else {
        for (auto& me : m.events) me.customer_id = *owner;
      }
    }
    if (m.events.empty()) {
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
    for (const MappedEvent& me : m.events) {
      // Refused here, where the merge refused it: after the delivery's dedupe.
      if (!me.profile_errors.empty()) throw ApiError::from(422, me.profile_errors);
      Applied a = writes_.apply(tx, shop, me.customer_id, me.event, me.profile, now);
      r.duplicate = r.duplicate && a.duplicate;
      r.entries.insert(r.entries.end(), a.entries.begin(), a.entries.end());
      if (a.duplicate) continue;
      reward_referrer(tx, shop, a, now);
      experiments_.attribute_order(tx.conn, shop, me.customer_id, me.event);
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
void WebhookService::reward_referrer(CustomerTx& tx, const ShopRecord& shop, const Applied& referee, std::int64_t now) {
  // The core decided: a referee's first order, with someone else's code (never
  // one's own), and the follow-up carries the order's seed for the coupon.
  if (referee.referrer_code.empty()) return;
  auto referrer = store_.customers().by_referral_code(tx.conn, shop.id, referee.referrer_code);
  if (!referrer) return;  // nobody holds the code
  try {
    writes_.apply(tx, shop, *referrer, referee.referrer_event, std::nullopt, now);
  } catch (const ApiError&) {
    // Fraud rules or caps refused it (before anything was written): the
    // referrer gets nothing, by design, and the order stands.
  }
}

}  // namespace loyalty::server
