// Every service, one per kind of caller, over one store: what main() makes and
// the handlers call. Services call the core and the repositories; no HTTP here.
#pragma once
#include <optional>
#include <string>

#include "service/counters.h"
#include "service/customer_writes.h"
#include "service/experiment_service.h"
#include "service/merchant_service.h"
#include "service/notification_service.h"
#include "service/shopper_service.h"
#include "service/timer_service.h"
#include "service/webhook_service.h"
#include "storage/store.h"

namespace loyalty::server {

class Services {
  Store& store_;
  Counters counters_;
  CustomerWrites writes_{store_, counters_};

 public:
  explicit Services(Store& store, ShopperLimits limits = {})
      : store_(store), experiments(store, limits.exposures_per_minute), webhooks(store, writes_, counters_, experiments),
        shoppers(store, writes_, counters_, limits), merchants(store, writes_), timer(store, writes_, counters_),
        notifications(store) {}

  ExperimentService experiments;
  WebhookService webhooks;
  ShopperService shoppers;
  MerchantService merchants;
  TimerService timer;
  NotificationService notifications;

  // The shop a request names, for the auth step (cached for a second).
  std::optional<ShopRecord> shop(const std::string& id) { return store_.shops().shop(id); }
  std::string store_kind() { return store_.kind(); }
  // The store's kind once it answered a query (throws when it does not).
  std::string check_store() {
    store_.ping();
    return store_.kind();
  }
  Counters& counters() { return counters_; }
};

}  // namespace loyalty::server
