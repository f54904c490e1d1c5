// The program's "member_events": appreciation events for members of chosen
// tiers, with shop-local date-times (see MemberEvent in loyalty/program.h).
#include "program_read.h"

namespace loyalty {

namespace {

// "2026-03-29" (midnight) or "2026-03-29T10:00[:00]": a shop-local date-time
// without an offset (the shop's zone decides it), as seconds since the local
// epoch; `fallback` when absent.
Seconds read_local(JsonReader& r, const json& obj, const std::string& at, const char* key, bool required, Seconds fallback) {
  if (!r.member(obj, at, key, required)) return fallback;
  const size_t before = r.mark();
  const std::string s = r.text(obj, at, key, true, "", 40);
  if (r.failed_since(before)) return fallback;
  std::optional<Seconds> t;
  if (s.size() == 10) t = parse_iso8601(s);
  else if (s.size() >= 16 && s[10] == 'T') t = parse_iso8601(s + "Z");  // no offset of its own: "...Z" reads it as is
  if (!t) r.fail(pointer_child(at, key), LOYALTY_WHY("must be a shop-local date or date-time without an offset, like 2026-03-29 or 2026-03-29T10:00"));
  return t.value_or(fallback);
}

// Every id must name an item `find` knows (`what`: "tier" in "/tiers").
template <class Find>
void require_known(JsonReader& r, const std::vector<std::string>& ids, const std::string& at, [[maybe_unused]] const char* what,
                   [[maybe_unused]] const char* where, Find find) {  // (the wasm's terse errors leave them out)
  for (size_t i = 0; i < ids.size(); ++i)
    if (!find(ids[i]))
      r.fail(pointer_index(at, i), LOYALTY_WHY("no " + std::string(what) + " '" + ids[i] + "' in " + where));
}

}  // namespace

void read_member_events(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "member_events", 100, [&](const json& v, const std::string& at) {
    r.only_keys(v, at, {"id", "name", "tiers", "starts", "ends", "announce_from", "percent", "early_access"});
    MemberEvent e;
    e.id = r.id(v, at, "id", true);
    e.name = r.text(v, at, "name", false, e.id);
    if (r.member(v, at, "tiers", true)) {
      e.tiers = r.id_list(v, at, "tiers", 100);
      if (e.tiers.empty()) r.fail(pointer_child(at, "tiers"), LOYALTY_WHY("needs at least one tier (whose members the event is for)"));
    }
    require_known(r, e.tiers, pointer_child(at, "tiers"), "tier", "/tiers", [&](const std::string& id) { return p.find_tier(id); });
    const size_t before = r.mark();
    e.starts_local = read_local(r, v, at, "starts", true, 0);
    e.ends_local = read_local(r, v, at, "ends", true, 0);
    e.announce_local = read_local(r, v, at, "announce_from", false, e.starts_local);
    if (!r.failed_since(before) && e.ends_local <= e.starts_local)
      r.fail(pointer_child(at, "ends"), LOYALTY_WHY("must be after " + pointer_child(at, "starts")));
    if (!r.failed_since(before) && e.announce_local > e.starts_local)
      r.fail(pointer_child(at, "announce_from"), LOYALTY_WHY("must not be after " + pointer_child(at, "starts")));
    e.starts_at = p.zone.to_utc(e.starts_local);
    e.ends_at = p.zone.to_utc(e.ends_local);
    e.announce_from = p.zone.to_utc(e.announce_local);
    e.percent = r.integer(v, at, "percent", false, 100, 0, kMaxPercent);
    e.early_access = r.id_list(v, at, "early_access", 100);
    require_known(r, e.early_access, pointer_child(at, "early_access"), "reward", "/rewards",
                  [&](const std::string& id) { return p.find_reward(id); });
    if (e.percent == 100 && e.early_access.empty())
      r.fail(at, LOYALTY_WHY("does nothing: set percent (other than 100) or early_access"));
    p.member_events.push_back(std::move(e));
  });
  require_unique(r, p.member_events, "/member_events", "id", [](const MemberEvent& e) { return e.id; });
}

}  // namespace loyalty
