#include "service/timer_service.h"

#include <vector>

#include "loyalty/next_check.h"
#include "loyalty/state.h"
#include "service/errors.h"
#include "service/log.h"

namespace loyalty::server {

TimerService::Totals TimerService::tick(const std::string& shop_id, std::int64_t now, int batch) {
  Totals total;
  auto shop = store_.shops().shop(shop_id);
  auto prog = store_.shops().program(shop_id);
  if (!shop || !prog) return total;
  const loyalty::Event e{"tick:" + std::to_string(now), now, loyalty::Tick{}};
  for (int round = 0; round < 100; ++round) {
    std::vector<std::string> due;
    {
      auto c = store_.conn();  // given back before each customer's transaction takes one
      due = store_.customers().due(*c, shop_id, now, batch);
    }
    for (const auto& id : due) {
      try {
        writes_.in_customer_tx(*shop, id, *prog, now, [&](CustomerTx& tx) {
          Applied a = writes_.apply(tx, *shop, id, e, std::nullopt, now);
          total.entries += a.written;
          if (!a.duplicate) ++total.customers;
        });
      } catch (const ApiError&) {
        // A customer the core cannot tick (should not happen): look again tomorrow.
        look_again_tomorrow(shop_id, id, now);
      } catch (const CorruptRow& e) {
        // A row that does not parse fails every pass the same way: it must not
        // hold up the customers due after it, here or in the shops after this one.
        ++total.corrupt;
        log_error("tick: corrupt customer " + shop_id + "/" + id + ": " + e.what());
        look_again_tomorrow(shop_id, id, now);
      }
    }
    if (due.size() < static_cast<size_t>(batch)) break;
  }
  counters_.tick_customers += total.customers;
  return total;
}

// Retried then, and out of the way of the due query (earliest first) until then.
void TimerService::look_again_tomorrow(const std::string& shop, const std::string& customer, std::int64_t now) {
  auto c = store_.conn();
  const std::int64_t at = loyalty::next_check_at(loyalty::kNoDueTime, loyalty::kNoDueTime, now);  // a day ahead
  in_write_tx(*c, [&] { store_.customers().set_next_check(*c, shop, customer, at); });
}

void TimerService::tick_all(std::int64_t now) {
  // One shop that fails (its stored program corrupt, the store briefly away) does not skip the shops after it.
  for (const auto& shop : store_.shops().shop_ids()) {
    try {
      tick(shop, now);
    } catch (const std::exception& e) {
      log_error("tick: shop " + shop + ": " + e.what());
    }
  }
}

}  // namespace loyalty::server
