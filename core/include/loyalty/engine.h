// The engine: pure functions of (program, customer, input, now).
// The preview (quote) and the award (apply) share one computation of points.
#pragma once
#include <string>
#include <vector>

#include "loyalty/cart.h"
#include "loyalty/event.h"
#include "loyalty/ledger.h"
#include "loyalty/program.h"
#include "loyalty/result.h"
#include "loyalty/state.h"

namespace loyalty {

// One reason for some points: which rule, which line. Rules and lines are
// named by index (no strings on the hot path); rule_name() spells them out.
// WinBack: a lapsed customer's bonus on the order that ends the lapse (order-level).
enum class RuleKind : std::uint8_t { Base, Multiplier, Campaign, Tier, Membership, MemberEvent, WinBack };

struct PointsReason {
  RuleKind kind = RuleKind::Base;
  int rule = -1;                 // index into the program's multipliers, campaigns, tiers, memberships or member events
  int line = -1;                 // index into Earning::lines; -1 for an order-level bonus
  Points points{0};
  // "base", "multiplier:<id>", "campaign:<id>", "tier:<id>", "membership:<id>", "member_event:<id>", "win_back"
  std::string rule_name(const Program& p) const;
};

struct LineEarn {
  std::string line_id;
  Money eligible{0};            // spend on this line that earns
  Points points{0};
  std::string excluded;          // why it earns nothing ("gift_card", "excluded_product"), or ""
};

// Points a cart earns: the one computation both quote and apply use.
struct Earning {
  Points points{0};
  Money eligible{0};
  std::vector<LineEarn> lines;
  std::vector<PointsReason> reasons;  // sums exactly to points
};

Result<Earning> compute_earning(const Program& p, const CustomerState& s, const Cart& cart, Seconds now);

// A reward as this customer may redeem it now: decided here once for the
// server's /me and the widget, which only renders it. A quote narrows the same
// decision to its cart (points this cart can use, what they save on it, and the
// cart's own reasons), so both lists are this one type.
struct RewardOption {
  std::string reward_id;
  Points points{0};             // what a redemption takes now: the cost; variable: `most`, or `least` when none is usable (quote: on this cart)
  Money value{0};               // money `points` are worth (0 where the cart decides: percent off, free shipping); quote: what they save on this cart
  Points least{0};              // variable: the fewest points (a whole number of steps, at least one)
  Points most{0};               // variable: the most the balance and max_points allow, in whole steps (0: none)
  Points step{0};               // variable: points_step
  bool tier_ok = true;           // the customer's tier may use it (now: early access may hold it back)
  bool affordable = false;       // tier_ok, and the balance covers `points` (quote: and the cart allows it)
  // Why not affordable: "tier", "early_access" or "balance"; a quote adds "min_order",
  // "no_shipping" and "cart_too_small". "" when affordable.
  std::string reason;
};

// For each program reward, in program order: may the customer redeem it now,
// and for how many points. The one decision: quote, simulate, the server's
// /me and the widget all take it from here.
std::vector<RewardOption> redeem_options(const Program& p, const CustomerState& s, Seconds now);
// The same decision for one reward at `now`: the one below, then early access
// (a reward a member event holds back is not the customer's yet: "early_access").
RewardOption redeem_option(const Program& p, const Reward& r, const CustomerState& s, Seconds now);
// The same decision for one reward, from the balance and the tier alone
// (`value` left 0: redeem_options fills it).
RewardOption redeem_option(const Reward& r, Points balance, const std::string& tier);
// The same at a given price of a fixed-cost reward (a win-back offer's lower cost).
RewardOption redeem_option(const Reward& r, Points balance, const std::string& tier, Points cost);
// The fewest points one redemption of `r` takes (variable: min_points, at least one step).
Points least_points(const Reward& r);
// What `points` of a variable reward are worth, exactly (minor units): whole
// steps only, between its min and max points, so no rounding happens; errors at /points.
Result<Money> variable_value(const Reward& r, Points points);

struct Nudge {
  std::string kind;              // "free_shipping" or "tier"
  std::string target;            // tier id for "tier"
  Money amount{0};              // spend this much more
};

struct Quote {
  Earning earn;
  Points balance{0};
  Points pending{0};
  Points spendable{0};          // most points usable on this cart
  Money spendable_saves{0};     // what spending them saves
  std::string spendable_reward;  // the reward that spends them: the one the cart offers ("" when none)
  std::vector<RewardOption> rewards;  // redeem_option narrowed to this cart, in program order
  TierProgress tier;
  std::vector<Nudge> nudges;
};

Result<Quote> quote(const Program& p, const Customer& c, const Cart& cart, Seconds now);
// The same from an already derived state (the widget gets it from the server).
Result<Quote> quote(const Program& p, const CustomerState& s, const Cart& cart, Seconds now);

struct Applied {
  std::vector<LedgerEntry> entries;   // new entries, in order, for this customer
  bool duplicate = false;             // the event was applied before: nothing new
  std::string coupon_code;            // Redeem / referee reward
  Seconds next_due = 0;               // next_due_at() after the new entries (not set for a duplicate)
  // A referred customer's first order completes the referral: apply `referrer_event`
  // to the customer holding `referrer_code` (normalised), in the same transaction.
  std::string referrer_code;          // "" when there is nothing to follow up
  Event referrer_event;
};

// New ledger entries for the event; rejections (e.g. not enough points) come
// back as errors and produce nothing.
Result<Applied> apply(const Program& p, const Customer& c, const Event& e, Seconds now);
// The same over a ledger the caller holds elsewhere (the server's parsed-ledger cache).
Result<Applied> apply(const Program& p, const CustomerProfile& who, const LedgerView& ledger, const Event& e, Seconds now);

// Money a reward's redemption is worth on this cart (also used by simulate).
Money reward_saves(const Program& p, const Reward& r, const Cart& cart, Points points);

}  // namespace loyalty
