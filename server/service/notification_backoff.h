// When a failed notification delivery is tried again, and when it is given up
// (dead, listed for the merchant to replay). Pure: the worker passes the figures.
#pragma once
#include <cstdint>

namespace loyalty::server {

struct DeliveryPolicy {
  std::int64_t base_ms = 10'000;        // the wait after the first failure...
  std::int64_t cap_ms = 3'600'000;      // ...doubling after each further one, up to an hour
  int max_attempts = 15;                // then dead: 6 h 25 min after the first attempt
  std::int64_t timeout_ms = 10'000;     // one attempt's connect + answer
};

// The wait after `failures` failed attempts (1: after the first).
std::int64_t retry_delay_ms(int failures, const DeliveryPolicy& p);
// True when the delivery is dead after `failures` failed attempts.
bool gives_up(int failures, const DeliveryPolicy& p);

}  // namespace loyalty::server
