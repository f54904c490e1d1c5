// The program's "actions": points for things other than orders.
#include "program_read.h"

namespace loyalty {

namespace {

const char* const kActionTypes[] = {"signup", "birthday", "profile_completed", "newsletter", "review",
                                    "photo_review", "qa", "social_follow", "social_share", "site_visit",
                                    "email_click", "receipt_upload"};

bool known_action_type(const std::string& t) {
  for (const char* k : kActionTypes)
    if (t == k) return true;
  return t.rfind("custom_", 0) == 0 && t.size() > 7;
}

}  // namespace

void read_actions(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "actions", 100, [&](const json& a, const std::string& at) {
    r.only_keys(a, at, {"type", "name", "points", "self_claimed", "url", "limits"});
    ActionRule rule;
    rule.type = r.text(a, at, "type", true);
    if (!rule.type.empty() && !known_action_type(rule.type))
      r.fail(pointer_child(at, "type"), LOYALTY_WHY("unknown action type '" + rule.type + "' (custom ones start with custom_)"));
    rule.name = r.text(a, at, "name", false, rule.type);
    rule.points = r.amount<Points>(a, at, "points", true, 0, 0, kMaxPoints);
    rule.self_claimed = r.boolean(a, at, "self_claimed", false);
    if (rule.self_claimed && (rule.type == "signup" || rule.type == "birthday" || rule.type == "review" ||
                              rule.type == "photo_review" || rule.type == "receipt_upload"))
      r.fail(pointer_child(at, "self_claimed"), LOYALTY_WHY("'" + rule.type + "' is verified by the shop, not claimed by the shopper"));
    rule.url = r.text(a, at, "url", false, "", 500);
    std::string lat;
    if (const json* l = r.object_member(a, at, "limits", false, {"per_day", "per_month", "lifetime", "cooldown_hours"}, lat)) {
      rule.limits.per_day = r.integer(*l, lat, "per_day", false, 0, 0, 1000000);
      rule.limits.per_month = r.integer(*l, lat, "per_month", false, 0, 0, 1000000);
      rule.limits.lifetime = r.integer(*l, lat, "lifetime", false, 0, 0, 1000000);
      rule.limits.cooldown = r.integer(*l, lat, "cooldown_hours", false, 0, 0, kMaxDays * 24) * 3600;
      if (rule.limits.per_day && rule.limits.per_month && rule.limits.per_month < rule.limits.per_day)
        r.fail(pointer_child(lat, "per_month"), LOYALTY_WHY("must be at least " + pointer_child(lat, "per_day")));
    }
    if (rule.self_claimed && !rule.limits.per_day && !rule.limits.per_month && !rule.limits.lifetime && !rule.limits.cooldown)
      r.fail(pointer_child(at, "limits"), LOYALTY_WHY("a self-claimed action needs a limit (per_day, per_month, lifetime or cooldown_hours)"));
    p.actions.push_back(std::move(rule));
  });
  require_unique(r, p.actions, "/actions", "type", [](const ActionRule& a) { return a.type; });
}

}  // namespace loyalty
