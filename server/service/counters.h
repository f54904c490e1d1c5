// What the services count for /metrics.
#pragma once
#include <atomic>
#include <cstdint>

namespace loyalty::server {

struct Counters {
  std::atomic<std::int64_t> entries_written{0};
  std::atomic<std::int64_t> webhooks_applied{0};
  std::atomic<std::int64_t> webhooks_duplicate{0};
  std::atomic<std::int64_t> webhooks_ignored{0};
  std::atomic<std::int64_t> redemptions{0};
  std::atomic<std::int64_t> tick_customers{0};
};

}  // namespace loyalty::server
