#include "service/notification_backoff.h"

#include <algorithm>

namespace loyalty::server {

std::int64_t retry_delay_ms(int failures, const DeliveryPolicy& p) {
  std::int64_t d = std::max<std::int64_t>(p.base_ms, 1);
  // Doubling stops at the cap (and long before an int64 overflows).
  for (int i = 1; i < failures && d < p.cap_ms; ++i) d *= 2;
  return std::min(d, std::max(p.cap_ms, std::int64_t{1}));
}

bool gives_up(int failures, const DeliveryPolicy& p) { return failures >= p.max_attempts; }

}  // namespace loyalty::server
