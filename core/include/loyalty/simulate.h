// Run a program over a history of past orders before launching it.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "loyalty/program.h"
#include "loyalty/result.h"

namespace loyalty {

struct HistoricalOrder {
  std::string order_id;
  std::string customer_id;
  Seconds placed_at = 0;
  Money subtotal{0};            // merchandise, before discounts
  Money discount{0};
  Money shipping{0};
  Money tax{0};
  Money refunded{0};            // merchandise refunded later (0 = none)
};

// CSV with header: order_id,customer_id,placed_at,subtotal,discount,shipping,tax,refunded
// (placed_at ISO 8601 or epoch seconds; amounts in minor units).
Result<std::vector<HistoricalOrder>> parse_orders_csv(const std::string& text);
std::string orders_to_csv(const std::vector<HistoricalOrder>& orders);

// A realistic, seeded history: repeat buyers, seasonality, some refunds.
std::vector<HistoricalOrder> generate_orders(std::uint64_t seed, std::int64_t count,
                                             Seconds start, Seconds end, std::int64_t currency_scale = 100);

// The redemption assumption: this share of customers (chosen by hash of
// their id, so it is stable) redeem the cheapest reward once after each
// order or refund that leaves them able to afford it; the rest never redeem.
struct SimulationOptions {
  std::int64_t redeeming_percent = 50;
  Seconds end = 0;               // report as of (0: last order + 1 day)
};

struct SimulationReport {
  std::int64_t orders = 0;
  std::int64_t customers = 0;
  Points issued{0};
  Points redeemed{0};
  std::int64_t redemptions = 0;
  Points expired{0};
  Points clawed_back{0};
  Points outstanding{0};        // available + pending at the end
  Money liability{0};           // outstanding valued at the cheapest reward's rate
  Money redeemed_value{0};
  std::vector<std::pair<std::string, std::int64_t>> tiers;  // tier id ("" = none) -> customers
  std::int64_t redeeming_percent = 0;
};

Result<SimulationReport> simulate(const Program& p, const std::vector<HistoricalOrder>& orders,
                                  const SimulationOptions& options);

// What `points` are worth under the program (the cheapest reward's rate),
// rounded half up: the liability they stand for. 0 when no reward has a fixed value.
Money points_value(const Program& p, Points points);

}  // namespace loyalty
