// Private: the program reader's shared parts, and one reader per section of
// the program, each in its own file (program_read_*.cpp). program_json.cpp
// runs them in document order; every error names its field.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "json_reader.h"
#include "program_names.h"
#include "loyalty/program.h"

namespace loyalty {

constexpr std::int64_t kMaxPoints = 1000000000LL;      // points in any one rule
constexpr std::int64_t kMaxPercent = 10000;            // 100x: keeps every product of rates inside 128 bits
constexpr std::int64_t kMaxDays = 36500;

// One of the named values of an enum; absent: fallback; anything else: an
// error listing the names.
template <class Enum, std::size_t N>
inline Enum read_enum(JsonReader& r, const json& obj, const std::string& at, const char* key, Enum fallback,
                      const Named<Enum> (&names)[N]) {
  const json* v = r.member(obj, at, key, false);
  if (!v) return fallback;
  std::string options;
  if (v->is_string()) {
    for (const auto& n : names)
      if (v->get_ref<const std::string&>() == n.name) return n.value;
  }
  for (const auto& n : names) options += (options.empty() ? "" : ", ") + std::string(n.name);
  r.fail(pointer_child(at, key), LOYALTY_WHY("must be one of: " + options));
  return fallback;
}

// Reads an array member, calling fn(item, pointer) for each object item.
template <class Fn>
inline void each_object(JsonReader& r, const json& root, const std::string& at, const char* key, size_t max, Fn fn) {
  const json* arr = r.member(root, at, key, false);
  if (!arr) return;
  const std::string here = pointer_child(at, key);
  if (!r.is_array(*arr, here, max)) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string item_at = pointer_index(here, i);
    if (r.is_object((*arr)[i], item_at)) fn((*arr)[i], item_at);
  }
}

// A later item repeating an earlier item's id (or type) is an error at the later one.
template <class T, class GetId>
inline void require_unique(JsonReader& r, const std::vector<T>& items, const std::string& at, const char* field, GetId get) {
  std::set<std::string> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& id = get(items[i]);
    if (id.empty()) continue;
    if (!seen.insert(id).second) r.fail(pointer_child(pointer_index(at, i), field), LOYALTY_WHY("duplicates an earlier " + std::string(field) + " '" + id + "'"));
  }
}

// Sections of the document. The quoting reader (parse_program_for_quotes) calls
// only head, time zone, earn, multipliers, campaigns, rewards, tiers and
// memberships, so the widget's wasm links none of the others.
void read_time_zone(JsonReader& r, const json& root, Program& p);
void read_earn(JsonReader& r, const json& root, Program& p);         // program_read_earning.cpp
void read_multipliers(JsonReader& r, const json& root, Program& p);  // program_read_earning.cpp
void read_campaigns(JsonReader& r, const json& root, Program& p);    // program_read_earning.cpp
void read_actions(JsonReader& r, const json& root, Program& p);      // program_read_actions.cpp
void read_rewards(JsonReader& r, const json& root, Program& p);      // program_read_rewards.cpp
void read_tiers(JsonReader& r, const json& root, Program& p);        // program_read_tiers.cpp (after rewards: checks their tiers)
void read_memberships(JsonReader& r, const json& root, Program& p);  // program_read_tiers.cpp
void read_member_events(JsonReader& r, const json& root, Program& p);  // program_read_member_events.cpp (after tiers and rewards)
void read_referral(JsonReader& r, const json& root, Program& p);     // program_read_referral.cpp
void read_lifecycle(JsonReader& r, const json& root, Program& p);    // program_read_lifecycle.cpp
void read_partners(JsonReader& r, const json& root, Program& p);     // program_read_lifecycle.cpp
void read_win_back(JsonReader& r, const json& root, Program& p);     // program_read_win_back.cpp (after rewards and churn_days)

}  // namespace loyalty
