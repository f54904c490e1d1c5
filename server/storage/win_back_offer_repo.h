// Win-back offers made: one row per customer and lapse (007_win_back_offers.sql),
// and the merchant's win-back figures counted from them.
#pragma once
#include <cstdint>
#include <string>

#include "loyalty/notification.h"
#include "storage/db.h"

namespace loyalty::server {

// From the stored offers (every one the shop made): each offer,
// whether the customer came back within it and what that order spent.
struct WinBackFigures {
  std::int64_t offered = 0;    // offers made, one per lapse
  std::int64_t came_back = 0;  // offers whose lapse ended with an order placed within the offer's window
  std::int64_t spent = 0;      // those orders' eligible spend, minor units of the shop's currency
};

class WinBackOfferRepo {
 public:
  // Inside the transaction that produced the core's win_back_offer notice `n`;
  // a lapse the customer was already offered writes nothing.
  void add(Conn& c, const std::string& shop, const std::string& customer, const loyalty::Notification& n);
  // The returning order of an offer is the customer's first order placed after
  // the lapse's last order; they came back within the offer if it was placed in
  // the offer's window as stored (starts_at to expires_at), not today's program's.
  WinBackFigures figures(Conn& c, const std::string& shop);
};

}  // namespace loyalty::server
