#include "translations_json.h"

#include <cctype>
#include <string>
#include <vector>

namespace loyalty {

namespace {

constexpr size_t kMaxLanguages = 20;
constexpr size_t kMaxTexts = 2000;

// "ro", "zh-Hant", "pt-BR": a language of 2-3 letters, then up to three subtags.
bool language_tag(const std::string& s) {
  size_t i = 0, n = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i, ++n;
  if (n < 2 || n > 3) return false;
  for (int subtags = 0; i < s.size(); ++subtags) {
    if (subtags == 3 || s[i] != '-') return false;
    size_t len = 0;
    for (++i; i < s.size() && s[i] != '-'; ++i, ++len)
      if (!std::isalnum(static_cast<unsigned char>(s[i]))) return false;
    if (len < 2 || len > 8) return false;
  }
  return true;
}

bool index_of(const std::string& seg, size_t size, size_t& out) {
  if (seg.empty() || seg.size() > 6 || (seg.size() > 1 && seg[0] == '0')) return false;
  out = 0;
  for (char c : seg) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<size_t>(c - '0');
  }
  return out < size;
}

// The segments of a JSON Pointer ("~1" is "/", "~0" is "~"); false when malformed.
bool segments(const std::string& pointer, std::vector<std::string>& out) {
  if (pointer.empty() || pointer[0] != '/') return false;
  std::string cur;
  for (size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      out.push_back(cur);
      cur.clear();
    } else if (pointer[i] == '~') {
      if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return false;
      cur += pointer[++i] == '0' ? '~' : '/';
    } else {
      cur += pointer[i];
    }
  }
  return true;
}

// True when `pointer` names a translatable string of `root`: /name,
// /<list>/<i>/name, or /tiers|memberships/<i>/perks/<j>.
bool translatable(const json& root, const std::string& pointer) {
  std::vector<std::string> s;
  if (!segments(pointer, s)) return false;
  if (s.size() == 1) return s[0] == "name";
  static const char* kLists[] = {"rewards", "tiers", "actions", "campaigns", "multipliers", "memberships", "partners"};
  bool list = false;
  for (const char* l : kLists) list = list || s[0] == l;
  auto it = root.find(s[0]);
  if (!list || it == root.end() || !it->is_array()) return false;
  size_t i = 0, j = 0;
  if (!index_of(s[1], it->size(), i)) return false;
  const json& item = (*it)[i];
  if (!item.is_object()) return false;
  if (s.size() == 3 && s[2] == "name") {
    auto name = item.find("name");
    return name != item.end() && name->is_string();
  }
  if (s.size() == 4 && s[2] == "perks" && (s[0] == "tiers" || s[0] == "memberships")) {
    auto perks = item.find("perks");
    return perks != item.end() && perks->is_array() && index_of(s[3], perks->size(), j) && (*perks)[j].is_string();
  }
  return false;
}

}  // namespace

void read_translations(JsonReader& r, const json& root, json* out) {
  *out = json::object();
  const json* t = r.member(root, "", "translations", false);
  if (!t || !r.is_object(*t, "/translations")) return;
  if (t->size() > kMaxLanguages) r.fail("/translations", "must have at most 20 languages");
  for (auto lang = t->begin(); lang != t->end(); ++lang) {
    const std::string at = pointer_child("/translations", lang.key());
    if (!language_tag(lang.key())) {
      r.fail(at, "must be a language tag like ro, zh-Hant or pt-BR");
      continue;
    }
    if (!r.is_object(lang.value(), at)) continue;
    if (lang.value().size() > kMaxTexts) r.fail(at, "must have at most 2000 texts");
    json texts = json::object();
    for (auto text = lang.value().begin(); text != lang.value().end(); ++text) {
      if (!translatable(root, text.key())) {
        r.fail(pointer_child(at, text.key()), "must point at a name or a perk of this program, like /rewards/0/name");
        continue;
      }
      const size_t before = r.mark();
      std::string translated = r.text(lang.value(), at, text.key().c_str(), true);  // a string of 1 to 200 bytes
      if (!r.failed_since(before)) texts[text.key()] = std::move(translated);
    }
    if (texts.size() > 0) (*out)[lang.key()] = std::move(texts);
  }
}

}  // namespace loyalty
