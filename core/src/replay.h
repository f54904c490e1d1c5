// Private: replays a ledger in time order, and (optionally) writes the
// entries time owes it (maturing, expiry, offsets, birthdays) as it goes.
#pragma once
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "loyalty/ledger.h"
#include "loyalty/program.h"

namespace loyalty {

struct Lot {
  Points remaining = 0;
  Seconds expires_at = 0;  // 0 = never
  Seconds created_at = 0;
};

class Replay {
 public:
  Replay(const Program& p, const Customer& c, Seconds now);

  // Runs to `now`; due entries are collected in due().
  void run();

  const std::vector<LedgerEntry>& due() const { return due_; }
  Points balance() const { return balance_; }
  Points pending() const { return pending_; }
  Points owed() const { return owed_; }
  Points earned() const { return earned_; }
  Points redeemed() const { return redeemed_; }
  Points expired() const { return expired_; }
  Points clawed_back() const { return clawed_; }
  Seconds last_activity() const { return last_activity_; }
  const std::deque<Lot>& lots() const { return lots_; }
  // When the remaining balance expires for inactivity (0: it does not).
  Seconds inactivity_expiry() const;

 private:
  void process(const LedgerEntry& e);
  // After points arrive: while a shortfall is owed, they repay it first.
  void repay_owed(const LedgerEntry& e);
  void add_lot(Points points, Seconds expires_at, Seconds at);
  void consume(Points points);
  Seconds next_due_time() const;
  void emit_due_at(Seconds t);
  void emit(LedgerEntry e);
  Seconds next_birthday_due() const;

  const Program& p_;
  const Customer& c_;
  Seconds now_;
  std::vector<const LedgerEntry*> sorted_;
  std::set<std::string> keys_;
  std::vector<LedgerEntry> due_;

  Points balance_ = 0, pending_ = 0, owed_ = 0, debt_ = 0;
  Points earned_ = 0, redeemed_ = 0, expired_ = 0, clawed_ = 0;
  Seconds last_activity_ = 0;
  std::deque<Lot> lots_;                        // soonest expiry first, "never" last
  std::map<std::string, const LedgerEntry*> unmatured_;  // earn key -> earn entry
  std::map<std::string, Points> pending_left_;  // earn key -> pending not yet matured/clawed
};

}  // namespace loyalty
