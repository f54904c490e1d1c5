// Delivers the outbox: every pending delivery that is due is claimed (so two
// workers, on one server or several, never send it at once), POSTed signed to
// its receiver, and marked delivered, or retried later by the backoff
// schedule, or dead. At least once: only a crash between the receiver's 2xx
// and the mark sends a delivery again, with the same X-Loyalty-Notification-Id.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "service/notification_backoff.h"
#include "storage/store.h"

namespace loyalty::server {

// The id receivers see (body "id", X-Loyalty-Notification-Id): the same for
// every attempt and replay of one notification.
std::string notification_id(const std::string& shop, const std::string& customer, const std::string& key);

class NotificationWorker {
 public:
  NotificationWorker(Store& store, DeliveryPolicy policy) : store_(store), policy_(policy) {}
  // One pass over what is due at the wall clock (ms); returns the attempts made.
  int run_once(int batch = 100);
  const DeliveryPolicy& policy() const { return policy_; }

 private:
  Store& store_;
  DeliveryPolicy policy_;
};

// The worker on a thread of its own: a pass every `interval_ms` (0: never
// started). stop() (or the destructor) ends it after the attempt in flight.
class DeliveryLoop {
 public:
  DeliveryLoop(NotificationWorker& worker, std::int64_t interval_ms);
  ~DeliveryLoop();
  void stop();

 private:
  NotificationWorker& worker_;
  std::int64_t interval_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace loyalty::server
