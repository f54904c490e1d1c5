#include "service/notes_scan.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "storage/db.h"

namespace loyalty::server {

using nlohmann::json;

bool NoteScan::lit(const char* s) {
  const size_t n = std::char_traits<char>::length(s);
  if (t.compare(i, n, s) != 0) return false;
  i += n;
  return true;
}

bool NoteScan::integer(std::int64_t& v) {
  const char* b = t.data() + i;
  const char* e = t.data() + t.size();
  const char* digits = b != e && *b == '-' ? b + 1 : b;
  if (digits != e && *digits == '0' && digits + 1 != e && digits[1] >= '0' && digits[1] <= '9') return false;
  auto r = std::from_chars(b, e, v);
  if (r.ec != std::errc() || r.ptr == b) return false;
  i += static_cast<size_t>(r.ptr - b);
  return true;
}

bool NoteScan::value(loyalty::Points& v) {
  std::int64_t raw = 0;
  if (!integer(raw)) return false;
  v = loyalty::Points(raw);
  return true;
}

bool NoteScan::string(std::string& v) {
  if (i >= t.size() || t[i] != '"') return false;
  size_t end = i + 1;
  bool escaped = false;
  for (; end < t.size() && t[end] != '"'; ++end)
    if (t[end] == '\\') escaped = true, ++end;
  if (end >= t.size()) return false;
  if (!escaped) {
    v.assign(t, i + 1, end - i - 1);
  } else {
    const json s = json::parse(t.begin() + static_cast<std::ptrdiff_t>(i), t.begin() + static_cast<std::ptrdiff_t>(end) + 1, nullptr, false);
    if (!s.is_string()) return false;
    v = s.get<std::string>();
  }
  i = end + 1;
  return true;
}

bool NoteScan::object(std::string& v) {
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

// Members in nlohmann's (sorted) order: "id" < "key" < "note" < "seen" < "until".
bool NoteScan::legacy_note(std::int64_t& id, std::string& key, std::string& note, std::int64_t& seen, std::int64_t& until) {
  return lit("{\"id\":") && integer(id) && lit(",\"key\":") && string(key) && lit(",\"note\":") && object(note) &&
         lit(",\"seen\":") && integer(seen) && lit(",\"until\":") && integer(until) && lit("}");
}

// As nlohmann writes it: as it is when nothing in it needs escaping (strings
// come from parsed JSON: valid UTF-8), else escaped by nlohmann.
std::string quoted_json(const std::string& s) {
  if (std::any_of(s.begin(), s.end(), [](char ch) { return ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20; }))
    return json(s).dump();
  return '"' + s + '"';
}

void write_legacy_note(std::string& out, std::int64_t id, const std::string& key, const std::string& note, std::int64_t seen,
                       std::int64_t until) {
  out += "{\"id\":" + std::to_string(id) + ",\"key\":" + quoted_json(key) + ",\"note\":" + note + ",\"seen\":" +
         std::to_string(seen) + ",\"until\":" + std::to_string(until) + "}";
}

namespace {

// 008's document as this server wrote it before the compact form.
bool scan_legacy_doc(const std::string& text, NotesDoc& d) {
  NoteScan s{text};
  if (!s.lit("{\"last\":") || !s.integer(d.last) || !s.lit(",\"notes\":[")) return false;
  if (!s.lit("]")) {
    do {
      StoredNote n;
      if (!s.legacy_note(n.id, n.key, n.legacy, n.seen, n.until)) return false;
      d.notes.push_back(std::move(n));
    } while (s.lit(","));
    if (!s.lit("]")) return false;
  }
  return s.lit("}") && s.at_end();
}

}  // namespace

NotesDoc read_legacy_notes_doc(const std::string& text, const std::string& customer) {
  NotesDoc d;
  if (scan_legacy_doc(text, d) && json::accept(text)) return d;
  // Another spelling (008's migration: its own member order, spaces): parsed in full.
  d = NotesDoc{};
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc["last"].is_number_integer() || !doc["notes"].is_array())
    throw CorruptRow("customers row " + customer + ": notes are not a notes document");
  d.last = doc["last"].get<std::int64_t>();
  for (json& n : doc["notes"]) {
    if (!n.is_object() || !n["id"].is_number_integer() || !n["key"].is_string() || !n["until"].is_number_integer() ||
        !n["seen"].is_number_integer() || !n["note"].is_object())
      throw CorruptRow("customers row " + customer + ": a note is not {id, key, until, seen, note}");
    StoredNote x;
    x.id = n["id"].get<std::int64_t>();
    x.key = n["key"].get<std::string>();
    x.until = n["until"].get<std::int64_t>();
    x.seen = n["seen"].get<std::int64_t>();
    x.legacy = n["note"].dump();
    d.notes.push_back(std::move(x));
  }
  return d;
}

}  // namespace loyalty::server
