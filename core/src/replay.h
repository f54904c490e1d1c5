// Private: replays a ledger in time order, and writes the entries time owes
// it (maturing, expiry, offsets, birthdays) as it goes.
#pragma once
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "loyalty/ledger.h"
#include "loyalty/program.h"
#include "loyalty/state.h"

namespace loyalty {

struct Lot {
  Points remaining{0};
  Seconds expires_at = 0;  // 0 = never
  Seconds created_at = 0;
};

class Replay {
 public:
  Replay(const Program& p, const CustomerProfile& who, const LedgerView& ledger, Seconds now);

  // Runs to `now`; due entries are collected in due().
  void run() { run_to(now_); }
  // Runs on to a later `now` (a replay kept for a growing ledger).
  void run_to(Seconds now);
  // An entry booked after everything replayed so far; processed by the next run_to.
  void append(const LedgerEntry& e);

  std::vector<LedgerEntry> due() const { return {due_.begin(), due_.end()}; }
  size_t due_count() const { return due_.size(); }
  const LedgerEntry& due_entry(size_t i) const { return due_[i]; }
  // Stored entries and due ones together (pointers stay valid while this lives).
  LedgerView all() const;
  Points balance() const { return balance_; }
  Points pending() const { return pending_; }
  Points earned() const { return earned_; }
  Points redeemed() const { return redeemed_; }
  Points expired() const { return expired_; }
  Points clawed_back() const { return clawed_; }
  // A total (balance, pending, issued, redeemed, expired, clawed back, owed,
  // tier points or spend) passed kMaxAmount somewhere along the ledger.
  bool over_limit() const { return over_; }
  const std::deque<Lot>& lots() const { return lots_; }
  // When the remaining balance expires for inactivity (0: it does not).
  Seconds inactivity_expiry() const;
  // The next time something is due after the replayed `now`, a birthday to come included.
  Seconds next_due_after() const;

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
  void check_limits();
  bool has_key(const std::string& key) const;

  const Program& p_;
  const CustomerProfile& who_;
  const ActionRule* birthday_;
  Seconds now_;
  LedgerView sorted_;
  mutable std::unordered_set<std::string_view> keys_;  // every key so far (stored, due, skipped), built on first use
  mutable bool keys_built_ = false;
  std::deque<LedgerEntry> due_;                 // deque: stable addresses for keys_
  std::deque<std::string> due_skipped_;         // due keys with nothing to write

  Points balance_{}, pending_{}, owed_{}, debt_{};
  Points earned_{}, redeemed_{}, expired_{}, clawed_{};
  Points tier_points_{};
  Money spend_{0};
  size_t next_ = 0;                             // next stored entry to process
  size_t budget_ = 0;                           // due steps left (see run_to)
  bool over_ = false;
  Seconds last_activity_ = 0;
  std::deque<Lot> lots_;                        // soonest expiry first, "never" last
  std::map<std::string_view, const LedgerEntry*> unmatured_;  // earn key -> earn entry
  std::set<std::pair<Seconds, std::string_view>> maturing_;   // (when it matures, earn key): the next one first
  void forget_unmatured(std::map<std::string_view, const LedgerEntry*>::iterator it);
  std::map<std::string_view, Points> pending_left_;           // earn key -> pending not yet matured/clawed
};

}  // namespace loyalty
