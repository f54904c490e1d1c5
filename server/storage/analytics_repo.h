// The merchant's analytics: aggregate queries over a shop's ledger, customers
// and referral visits (SQL written once for SQLite and PostgreSQL). Numbers
// only; the service turns them into the report.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/db.h"

namespace loyalty::server {

struct ShopFigures {
  std::int64_t customers = 0;
  std::int64_t points_issued = 0;  // restores of clawed-back points not counted again
  std::int64_t points_redeemed = 0, redemptions = 0, redeemed_value = 0;
  std::int64_t points_outstanding = 0, points_pending = 0, points_expired = 0;
  // Customers who used the program (redeemed, claimed, referred, signed up
  // through it) and those who only bought: buyers and repeat buyers of each.
  struct Buyers {
    std::int64_t buyers = 0, repeat_buyers = 0;
  };
  Buyers members, non_members;
  std::vector<std::pair<std::string, std::int64_t>> tiers;  // customers by their latest tier
  std::int64_t referral_visits = 0, referees_signed_up = 0, referral_conversions = 0;
  // Customers whose last order is older than the cutoff: how many, and the 50 longest gone.
  std::int64_t churn_count = 0;
  std::vector<std::pair<std::string, std::int64_t>> churned;  // id, last order at
};

class AnalyticsRepo {
 public:
  // churn_cutoff 0: no churn figures.
  ShopFigures figures(Conn& c, const std::string& shop, std::int64_t churn_cutoff);
};

}  // namespace loyalty::server
