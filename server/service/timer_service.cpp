#include "service/timer_service.h"

#include <vector>

#include "service/errors.h"

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
        auto c = store_.conn();
        in_write_tx(*c, [&] { store_.customers().set_next_check(*c, shop_id, id, now + loyalty::kDay); });
      }
    }
    if (due.size() < static_cast<size_t>(batch)) break;
  }
  counters_.tick_customers += total.customers;
  return total;
}

void TimerService::tick_all(std::int64_t now) {
  for (const auto& shop : store_.shops().shop_ids()) tick(shop, now);
}

}  // namespace loyalty::server
