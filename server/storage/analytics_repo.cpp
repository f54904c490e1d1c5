#include "storage/analytics_repo.h"

namespace loyalty::server {

ShopFigures AnalyticsRepo::figures(Conn& c, const std::string& id, std::int64_t churn_cutoff) {
  auto one = [&](const std::string& sql, const Params& ps) { return c.query(sql, ps).at(0); };
  ShopFigures f;
  f.points_issued = one("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE shop = ? AND points > 0 AND type <> 'restore'", {id}).integer(0);
  const Row redeemed = one("SELECT COALESCE(-SUM(points), 0), COUNT(*), COALESCE(SUM(value), 0) FROM ledger WHERE shop = ? AND type = 'redeem'", {id});
  f.points_redeemed = redeemed.integer(0);
  f.redemptions = redeemed.integer(1);
  f.redeemed_value = redeemed.integer(2);
  const Row totals = one("SELECT COALESCE(SUM(points), 0), COALESCE(SUM(pending), 0) FROM ledger WHERE shop = ?", {id});
  f.points_outstanding = totals.integer(0);
  f.points_pending = totals.integer(1);
  f.points_expired = one("SELECT COALESCE(-SUM(points), 0) FROM ledger WHERE shop = ? AND type = 'expire'", {id}).integer(0);
  f.customers = one("SELECT COUNT(*) FROM customers WHERE shop = ?", {id}).integer(0);
  for (const auto& r : c.query(
           "SELECT engaged, SUM(CASE WHEN orders >= 1 THEN 1 ELSE 0 END), SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END) FROM ("
           "SELECT customer, SUM(CASE WHEN type = 'earn' THEN 1 ELSE 0 END) AS orders, "
           "MAX(CASE WHEN type IN ('redeem', 'action', 'referral', 'membership', 'exchange') THEN 1 ELSE 0 END) AS engaged "
           "FROM ledger WHERE shop = ? GROUP BY customer) t GROUP BY engaged",
           {id}))
    (r.integer(0) ? f.members : f.non_members) = {r.integer(1), r.integer(2)};
  for (const auto& r : c.query(
           "SELECT l.tier, COUNT(*) FROM ledger l WHERE l.shop = ? AND l.type = 'tier_change' AND l.seq = ("
           "SELECT MAX(l2.seq) FROM ledger l2 WHERE l2.shop = l.shop AND l2.customer = l.customer AND l2.type = 'tier_change') "
           "GROUP BY l.tier",
           {id}))
    if (!r[0].empty()) f.tiers.emplace_back(r[0], r.integer(1));
  f.referral_conversions = one("SELECT COUNT(*) FROM ledger WHERE shop = ? AND type = 'referral' AND key LIKE 'referrer:%'", {id}).integer(0);
  f.referees_signed_up = one("SELECT COUNT(*) FROM ledger WHERE shop = ? AND type = 'referral' AND key = 'referee'", {id}).integer(0);
  f.referral_visits = one("SELECT COALESCE(SUM(visits), 0) FROM referral_visits WHERE shop = ?", {id}).integer(0);
  if (churn_cutoff > 0) {
    const std::string inner = "SELECT customer, MAX(at) AS last FROM ledger WHERE shop = ? AND type = 'earn' GROUP BY customer";
    f.churn_count = one("SELECT COUNT(*) FROM (" + inner + ") t WHERE last < ?", {id, churn_cutoff}).integer(0);
    for (const auto& r : c.query("SELECT customer, last FROM (" + inner + ") t WHERE last < ? ORDER BY last LIMIT 50", {id, churn_cutoff}))
      f.churned.emplace_back(r[0], r.integer(1));
  }
  return f;
}

}  // namespace loyalty::server
