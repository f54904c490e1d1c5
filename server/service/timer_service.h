// The timer's service (the --tick-interval thread and the merchant's POST
// .../tick): the core's Tick event for every customer whose next check is due.
#pragma once
#include <cstdint>
#include <string>

#include "service/customer_writes.h"

namespace loyalty::server {

class TimerService {
 public:
  TimerService(Store& store, CustomerWrites& writes, Counters& counters) : store_(store), writes_(writes), counters_(counters) {}

  struct Totals {
    std::int64_t customers = 0;  // customers who got new entries
    std::int64_t entries = 0;
    std::int64_t corrupt = 0;    // customers whose stored rows do not parse: logged, looked at again in a day
  };
  // Every due customer of the shop, in batches of `batch`, each customer in
  // its own transaction (at most 100 batches a call: the rest waits for the next).
  Totals tick(const std::string& shop, std::int64_t now, int batch = 1000);
  // Every shop's (the timer thread).
  void tick_all(std::int64_t now);

 private:
  void look_again_tomorrow(const std::string& shop, const std::string& customer, std::int64_t now);

  Store& store_;
  CustomerWrites& writes_;
  Counters& counters_;
};

}  // namespace loyalty::server
