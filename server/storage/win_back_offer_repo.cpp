#include "storage/win_back_offer_repo.h"

#include <map>
#include <stdexcept>
#include <vector>

#include "loyalty/money.h"
#include "loyalty/win_back.h"
#include "storage/customer_repo.h"

namespace loyalty::server {

void WinBackOfferRepo::add(Conn& c, const std::string& shop, const std::string& customer, const loyalty::Notification& n) {
  const auto since = loyalty::win_back_lapse_since(n.key);
  if (!since) throw std::logic_error("a win-back offer keyed '" + n.key + "', not by its lapse");
  const loyalty::WinBackOffer& o = n.offer;
  c.exec("INSERT INTO win_back_offers (shop, customer, key, last_order_at, offered_at, starts_at, expires_at, kind, "
         "bonus_points, reward_id, reward_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
         "ON CONFLICT (shop, customer, key) DO NOTHING",
         {shop, customer, n.key, *since, n.at, n.offer_starts_at, n.expires_at,
          std::string(o.reward_id.empty() ? "bonus_points" : "reward"), o.bonus_points.raw(), o.reward_id, o.reward_cost.raw()});
}

namespace {

struct Placed {
  std::int64_t at = 0;        // when the order was placed (its earn entry's happened_at)
  std::int64_t eligible = 0;
};

}  // namespace

WinBackFigures WinBackOfferRepo::figures(Conn& c, const std::string& shop) {
  WinBackFigures f;
  const Rows offers = c.query("SELECT customer, last_order_at, starts_at, expires_at FROM win_back_offers WHERE shop = ?", {shop});
  f.offered = static_cast<std::int64_t>(offers.size());
  if (offers.empty()) return f;
  // The orders of offered customers booked after their earliest offered lapse
  // (booked at or after placed: no order placed after a lapse is left out).
  std::map<std::string, std::vector<Placed>> orders;
  for (const Row& r : c.query("SELECT l.customer, l.body FROM (SELECT customer, MIN(last_order_at) AS since FROM win_back_offers "
                              "WHERE shop = ? GROUP BY customer) o JOIN ledger l ON l.shop = ? AND l.customer = o.customer "
                              "AND l.type = 'earn' AND l.at > o.since ORDER BY l.customer, l.seq",
                              {shop, shop})) {
    const loyalty::LedgerEntry e = entry_from_text(r[1], shop, r[0]);
    const auto* earn = e.as<loyalty::EarnEntry>();
    if (!earn)  // the row's type column says earn, its body another kind
      throw CorruptRow("ledger row of type earn holds a " + std::string(loyalty::entry_type_name(e.type())) + " entry for " + shop +
                       "/" + r[0]);
    orders[r[0]].push_back({e.happened_at(), earn->order_eligible.raw()});
  }
  for (const Row& o : offers) {
    const std::int64_t since = o.integer(1), starts_at = o.integer(2), expires_at = o.integer(3);
    const Placed* back = nullptr;  // the order that ended the lapse: the first placed after its last order
    for (const Placed& p : orders[o[0]])
      if (p.at > since && (!back || p.at < back->at)) back = &p;
    // Placed before the offer began (a late webhook): no lapse after all.
    if (!back || back->at < starts_at || back->at >= expires_at) continue;
    ++f.came_back;
    const auto spent = loyalty::checked_add(f.spent, back->eligible);
    if (!spent) throw CorruptRow("win-back spend beyond 64 bits in " + shop);
    f.spent = *spent;
  }
  return f;
}

}  // namespace loyalty::server
