// Member events: who earns more when, who may redeem an early-access reward,
// and what the widget announces (see loyalty/member_events.h).
#include "loyalty/member_events.h"

#include <algorithm>

namespace loyalty {

namespace {

bool listed(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

bool member_event_on(const MemberEvent& e, const std::string& tier, Seconds now) {
  return now >= e.starts_at && now < e.ends_at && listed(e.tiers, tier);
}

#ifndef LOYALTY_QUOTES_WITHOUT_MEMBER_EVENTS
int member_event_multiplier(const Program& p, const std::string& tier, Seconds now) {
  int best = -1;
  for (size_t k = 0; k < p.member_events.size(); ++k) {
    const MemberEvent& e = p.member_events[k];
    if (e.percent != 100 && member_event_on(e, tier, now) &&
        (best < 0 || e.percent > p.member_events[static_cast<size_t>(best)].percent))
      best = static_cast<int>(k);
  }
  return best;
}

bool held_for_early_access(const Program& p, const std::string& reward_id, const std::string& tier, Seconds now) {
  bool held = false;
  for (const MemberEvent& e : p.member_events) {
    if (!listed(e.early_access, reward_id)) continue;
    if (member_event_on(e, tier, now)) return false;
    held = held || now < e.ends_at;
  }
  return held;
}
#endif

std::vector<const MemberEvent*> member_events_for(const Program& p, const CustomerState& s, Seconds now) {
  std::vector<const MemberEvent*> out;
  for (const MemberEvent& e : p.member_events)
    if (now >= e.announce_from && now < e.ends_at && listed(e.tiers, s.tier.current)) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [](const MemberEvent* a, const MemberEvent* b) { return a->starts_at < b->starts_at; });
  return out;
}

std::string format_local(Seconds local) {
  std::string s = format_iso8601(local);
  s.pop_back();  // the "Z": a local time has no offset of its own
  return s;
}

json member_events_json(const Program& p, const std::vector<const MemberEvent*>& events, Seconds now) {
  json out = json::array();
  for (const MemberEvent* e : events) {
    json rewards = json::array();
    for (const auto& id : e->early_access)
      if (const Reward* r = p.find_reward(id)) rewards.push_back({{"id", r->id}, {"name", r->name}});
    out.push_back({{"id", e->id}, {"name", e->name}, {"starts", format_local(e->starts_local)},
                   {"ends", format_local(e->ends_local)}, {"starts_at", format_iso8601(e->starts_at)},
                   {"ends_at", format_iso8601(e->ends_at)}, {"percent", e->percent}, {"early_access", std::move(rewards)},
                   {"current", now >= e->starts_at}});
  }
  return out;
}

}  // namespace loyalty
