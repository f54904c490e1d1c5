// Member events (Program::member_events): appreciation events for members of
// chosen tiers. Decided here once for the award and the quote (their
// multiplier), for redemptions (early access) and for what the widget
// announces, so the server, the widget's wasm and the timer all agree.
#pragma once
#include <string>
#include <vector>

#include "loyalty/json.h"
#include "loyalty/program.h"
#include "loyalty/state.h"

namespace loyalty {

// Members of one of the event's tiers, while it runs: starts_at <= now < ends_at.
bool member_event_on(const MemberEvent& e, const std::string& tier, Seconds now);

#ifdef LOYALTY_QUOTES_WITHOUT_MEMBER_EVENTS
// The widget's build (wasm/CMakeLists.txt): its quoting reader reads no
// member_events (program_json.cpp), so earning and early access have none to
// look at, and their code stays out of the first view's wasm.
inline int member_event_multiplier(const Program&, const std::string&, Seconds) { return -1; }
inline bool held_for_early_access(const Program&, const std::string&, const std::string&, Seconds) { return false; }
#else
// The running event with the highest multiplier for a member of `tier` at
// `now` (first in the program on ties), as an index into p.member_events; -1
// when none with a multiplier runs. It competes with campaigns for the
// campaign step of earning: like campaigns, the highest applies.
int member_event_multiplier(const Program& p, const std::string& tier, Seconds now);

// Early access: a reward an event lists is redeemable before the last such
// event ends only by members of a running event's tiers; from then on, by
// everyone its own tiers allow. True when a member of `tier` must wait at `now`.
bool held_for_early_access(const Program& p, const std::string& reward_id, const std::string& tier, Seconds now);
#endif

// What the widget announces to this customer: the events for their tier from
// announce_from until they end (announce_from <= now < ends_at), in order of start.
std::vector<const MemberEvent*> member_events_for(const Program& p, const CustomerState& s, Seconds now);

// Those events as the server's /me sends them: id, name, the shop-local
// `starts`/`ends` as written, the instants `starts_at`/`ends_at`, `percent`,
// `early_access` [{id, name}] and `current` (running at `now`).
json member_events_json(const Program& p, const std::vector<const MemberEvent*>& events, Seconds now);

// A shop-local time (seconds since the local epoch) as "2026-03-29T10:00:00".
std::string format_local(Seconds local);

}  // namespace loyalty
