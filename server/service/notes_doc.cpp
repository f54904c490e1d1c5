#include "service/notes_doc.h"

#include <algorithm>
#include <charconv>

#include "storage/db.h"

namespace loyalty::server {

using nlohmann::json;

json parse_notes(const std::string& text, const std::string& customer) {
  if (text.empty()) return {{"last", 0}, {"notes", json::array()}};
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc["last"].is_number_integer() || !doc["notes"].is_array())
    throw CorruptRow("customers row " + customer + ": notes are not a notes document");
  for (const json& n : doc["notes"])
    if (!n.is_object() || !n["id"].is_number_integer() || !n["key"].is_string() || !n["until"].is_number_integer() ||
        !n["seen"].is_number_integer() || !n["note"].is_object())
      throw CorruptRow("customers row " + customer + ": a note is not {id, key, until, seen, note}");
  return doc;
}

namespace {

// A cursor over the text write_notes_doc writes; every read fails on any other spelling.
struct Scan {
  const std::string& t;
  size_t i = 0;

  bool lit(const char* s) {
    const size_t n = std::char_traits<char>::length(s);
    if (t.compare(i, n, s) != 0) return false;
    i += n;
    return true;
  }
  bool integer(std::int64_t& v) {
    const char* b = t.data() + i;
    const char* e = t.data() + t.size();
    if (b != e && *b == '0' && b + 1 != e && b[1] >= '0' && b[1] <= '9') return false;  // no leading zero
    auto r = std::from_chars(b, e, v);
    if (r.ec != std::errc() || r.ptr == b) return false;
    i += static_cast<size_t>(r.ptr - b);
    return true;
  }
  // A string without escapes: its bytes are its value.
  bool plain_string(std::string& v) {
    if (i >= t.size() || t[i] != '"') return false;
    const size_t end = t.find_first_of("\"\\", i + 1);
    if (end == std::string::npos || t[end] != '"') return false;
    v.assign(t, i + 1, end - i - 1);
    i = end + 1;
    return true;
  }
  // An object, as text: no white space outside its strings.
  bool object(std::string& v) {
    if (i >= t.size() || t[i] != '{') return false;
    const size_t from = i;
    int depth = 0;
    for (; i < t.size(); ++i) {
      const char ch = t[i];
      if (ch == '"') {
        for (++i; i < t.size() && t[i] != '"'; ++i)
          if (t[i] == '\\') ++i;
      } else if (ch == '{' || ch == '[') {
        ++depth;
      } else if (ch == '}' || ch == ']') {
        if (--depth == 0) {
          ++i;
          v.assign(t, from, i - from);
          return true;
        }
      } else if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
        return false;
      }
    }
    return false;
  }
};

bool scan_notes_doc(const std::string& text, NotesDoc& d) {
  Scan s{text};
  if (!s.lit("{\"last\":") || !s.integer(d.last) || !s.lit(",\"notes\":[")) return false;
  if (!s.lit("]")) {
    do {
      StoredNote n;
      if (!s.lit("{\"id\":") || !s.integer(n.id) || !s.lit(",\"key\":") || !s.plain_string(n.key) || !s.lit(",\"note\":") ||
          !s.object(n.note) || !s.lit(",\"seen\":") || !s.integer(n.seen) || !s.lit(",\"until\":") || !s.integer(n.until) ||
          !s.lit("}"))
        return false;
      d.notes.push_back(std::move(n));
    } while (s.lit(","));
    if (!s.lit("]")) return false;
  }
  return s.lit("}") && s.i == text.size();
}

}  // namespace

NotesDoc read_notes_doc(const std::string& text, const std::string& customer) {
  NotesDoc d;
  if (text.empty()) return d;
  if (scan_notes_doc(text, d) && json::accept(text)) return d;
  d = NotesDoc{};
  json doc = parse_notes(text, customer);
  d.last = doc["last"].get<std::int64_t>();
  for (json& n : doc["notes"])
    d.notes.push_back({n["id"].get<std::int64_t>(), n["key"].get<std::string>(), n["until"].get<std::int64_t>(),
                       n["seen"].get<std::int64_t>(), n["note"].dump()});
  return d;
}

namespace {

// A key as nlohmann writes it: as it is when nothing in it needs escaping
// (keys come from parsed JSON: valid UTF-8), else escaped by nlohmann.
std::string quoted(const std::string& key) {
  if (std::any_of(key.begin(), key.end(), [](char ch) { return ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20; }))
    return json(key).dump();
  return '"' + key + '"';
}

}  // namespace

// Members in nlohmann's (sorted) order: "id" < "key" < "note" < "seen" <
// "until"; "last" < "notes".
std::string write_notes_doc(const NotesDoc& d) {
  std::string out = "{\"last\":" + std::to_string(d.last) + ",\"notes\":[";
  for (size_t i = 0; i < d.notes.size(); ++i) {
    const StoredNote& n = d.notes[i];
    if (i) out += ',';
    out += "{\"id\":" + std::to_string(n.id) + ",\"key\":" + quoted(n.key) + ",\"note\":" + n.note +
           ",\"seen\":" + std::to_string(n.seen) + ",\"until\":" + std::to_string(n.until) + "}";
  }
  return out += "]}";
}

}  // namespace loyalty::server
