// The platforms' service (signed webhooks): maps a delivery to core events
// (service/webhooks.h) and applies them in one customer transaction, once per
// delivery. No HTTP, no SQL.
#pragma once
#include <cstdint>
#include <string>

#include "service/customer_writes.h"
#include "service/experiment_service.h"

namespace loyalty::server {

enum class WebhookSource { Shopify, WooCommerce, Generic };
const char* source_name(WebhookSource s);

class WebhookService {
 public:
  WebhookService(Store& store, CustomerWrites& writes, Counters& counters, ExperimentService& experiments)
      : store_(store), writes_(writes), counters_(counters), experiments_(experiments) {}

  // The body's signature has been verified by the auth step.
  Outcome webhook(const ShopRecord& shop, WebhookSource src, const std::string& topic, const std::string& delivery_id,
                  const std::string& body, std::int64_t now);

 private:
  // Inside the referee's order transaction.
  void reward_referrer(CustomerTx& tx, const ShopRecord& shop, const Applied& referee, std::int64_t now);

  Store& store_;
  CustomerWrites& writes_;
  Counters& counters_;
  ExperimentService& experiments_;  // orders attributed to experiment variants
};

}  // namespace loyalty::server
