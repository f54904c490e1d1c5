#include "service/notification_worker.h"

#include <chrono>

#include "auth/crypto.h"
#include "loyalty/json_io.h"
#include "service/log.h"
#include "service/notification_sender.h"
#include "storage/ttl_cache.h"

namespace loyalty::server {

std::string notification_id(const std::string& shop, const std::string& customer, const std::string& key) {
  return "ntf_" + to_hex(sha256(shop + "\n" + customer + "\n" + key)).substr(0, 32);
}

int NotificationWorker::run_once(int batch) {
  std::vector<OutboxDelivery> due;
  {
    auto c = store_.conn();
    due = store_.outbox().due(*c, now_ms(), batch);
  }
  int attempts = 0;
  for (const OutboxDelivery& d : due) {
    // The lease outlasts one attempt; if this process dies mid-attempt, the
    // delivery is due again when it ends.
    const std::int64_t lease = now_ms() + 2 * policy_.timeout_ms + 1000;
    bool mine = false;
    {
      auto c = store_.conn();
      mine = in_write_tx(*c, [&] { return store_.outbox().claim(*c, d, lease); });
    }
    if (!mine) continue;
    ++attempts;
    const SendResult r = send_notification(d.url, d.secret, notification_id(d.shop, d.customer, d.key), d.type, d.body,
                                           now_ms() / 1000, policy_.timeout_ms);
    auto c = store_.conn();
    in_write_tx(*c, [&] {
      if (r.ok) {
        store_.outbox().delivered(*c, d, now_ms());
        return;
      }
      const int failures = d.attempts + 1;
      store_.outbox().failed(*c, d, failures, now_ms() + retry_delay_ms(failures, policy_), r.error, gives_up(failures, policy_));
    });
  }
  return attempts;
}

DeliveryLoop::DeliveryLoop(NotificationWorker& worker, std::int64_t interval_ms) : worker_(worker), interval_ms_(interval_ms) {
  if (interval_ms_ <= 0) return;
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [&] { return stopping_.load(); })) {
      lock.unlock();
      try {
        // A full batch means more may be due: go on without waiting.
        while (worker_.run_once() > 0 && !stopping_) {
        }
      } catch (const std::exception& e) {
        log_error(std::string("deliveries: ") + e.what());
      }
      lock.lock();
    }
  });
}

DeliveryLoop::~DeliveryLoop() { stop(); }

void DeliveryLoop::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace loyalty::server
