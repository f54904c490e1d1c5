#include "service/notes_doc.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "service/json_body.h"
#include "service/notes_scan.h"
#include "storage/db.h"

namespace loyalty::server {

using nlohmann::json;
using loyalty::Notification;
using loyalty::NotificationKind;

namespace {

// The kinds' numbers in the document (notes_doc.h): stable, whatever the core's enum order.
constexpr struct {
  NotificationKind kind;
  int code;
} kKinds[] = {{NotificationKind::PointsEarned, 1},  {NotificationKind::PointsMatured, 2}, {NotificationKind::RewardUnlocked, 3},
              {NotificationKind::TierReached, 4},   {NotificationKind::PointsExpiring, 5}, {NotificationKind::ReferralCompleted, 6}};

int code_of(NotificationKind k) {
  for (const auto& x : kKinds)
    if (x.kind == k) return x.code;
  throw std::logic_error("a shopper note of a kind the notes document has no number for");
}

bool kind_of(std::int64_t code, NotificationKind& k) {
  for (const auto& x : kKinds)
    if (x.code == code) return k = x.kind, true;
  return false;
}

// The fields a kind keeps, in the document's order, each through `f` (false stops).
template <class N, class F>
bool kind_fields(N& n, F&& f) {
  switch (n.kind) {
    case NotificationKind::PointsEarned:
      return f(n.points) && f(n.pending) && f(n.source) && f(n.order_id) && f(n.action) && f(n.tier);
    case NotificationKind::PointsMatured: return f(n.points) && f(n.order_id);
    case NotificationKind::RewardUnlocked: return f(n.reward_id) && f(n.points);
    case NotificationKind::TierReached: return f(n.tier) && f(n.previous_tier);
    case NotificationKind::PointsExpiring: return f(n.points) && f(n.expires_at);
    case NotificationKind::ReferralCompleted: return f(n.points) && f(n.referee_id) && f(n.order_id);
    default: return false;
  }
}

// The key the core gives the note, when its fields tell it: then it is not stored.
std::string derived_key(const Notification& n) {
  if (n.kind == NotificationKind::PointsEarned && n.source == "earn" && !n.order_id.empty()) return "earned:earn:" + n.order_id;
  if (n.kind == NotificationKind::PointsExpiring) return "expiring:" + std::to_string(n.expires_at);
  return "";
}

// Points that have expired are no news: the note goes with them.
std::int64_t until_of(const Notification& n) { return n.kind == NotificationKind::PointsExpiring ? n.expires_at : 0; }

// [id, seen, kind, at, balance, ...fields, key?], after its '['.
bool scan_compact(NoteScan& s, StoredNote& x) {
  Notification& n = x.note;
  std::int64_t code = 0;
  std::int64_t balance = 0;
  if (!s.integer(x.id) || !s.lit(",") || !s.integer(x.seen) || !s.lit(",") || !s.integer(code) || !kind_of(code, n.kind) ||
      !s.lit(",") || !s.integer(n.at) || !s.lit(",") || !s.integer(balance))
    return false;
  n.balance = loyalty::Points(balance);
  auto field = [&](auto& v) { return s.lit(",") && s.value(v); };
  if (!kind_fields(n, field)) return false;
  n.key = derived_key(n);
  if (s.lit(",") && !s.string(n.key)) return false;
  if (n.key.empty() || !s.lit("]")) return false;
  x.key = n.key;
  x.until = until_of(n);
  return true;
}

bool scan_doc(const std::string& text, NotesDoc& d) {
  NoteScan s{text};
  if (!s.lit("[") || !s.integer(d.last)) return false;
  while (s.lit(",")) {
    StoredNote n;
    if (!(s.lit("[") ? scan_compact(s, n) : s.legacy_note(n.id, n.key, n.legacy, n.seen, n.until))) return false;
    d.notes.push_back(std::move(n));
  }
  return s.lit("]") && s.at_end();
}

void put(std::string& out, std::int64_t v) {
  char buf[24];
  out.append(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf));
}
void put(std::string& out, loyalty::Points v) { put(out, v.raw()); }
void put(std::string& out, const std::string& s) { out += quoted_json(s); }

void write_compact(std::string& out, const StoredNote& x) {
  const Notification& n = x.note;
  out += '[';
  put(out, x.id);
  out += ',';
  put(out, x.seen);
  out += ',';
  put(out, code_of(n.kind));
  out += ',';
  put(out, n.at);
  out += ',';
  put(out, n.balance);
  kind_fields(n, [&](const auto& v) {
    out += ',';
    put(out, v);
    return true;
  });
  if (x.key != derived_key(n)) {
    out += ',';
    put(out, x.key);
  }
  out += ']';
}

}  // namespace

StoredNote new_note(std::int64_t id, const Notification& n) {
  StoredNote x;
  x.id = id;
  x.key = n.key;
  x.until = until_of(n);
  x.note = n;
  return x;
}

NotesDoc read_notes_doc(const std::string& text, const std::string& customer) {
  NotesDoc d;
  if (text.empty()) return d;
  if (text[0] == '{') return read_legacy_notes_doc(text, customer);
  if (!scan_doc(text, d) || !json::accept(text)) throw CorruptRow("customers row " + customer + ": notes are not a notes document");
  return d;
}

std::string write_notes_doc(const NotesDoc& d) {
  std::string out = "[";
  out.reserve(32 + 64 * d.notes.size());
  put(out, d.last);
  for (const StoredNote& n : d.notes) {
    out += ',';
    if (n.legacy.empty()) write_compact(out, n);
    else write_legacy_note(out, n.id, n.key, n.legacy, n.seen, n.until);
  }
  return out += ']';
}

json note_json(const StoredNote& n, const loyalty::Program& p) {
  json j = n.legacy.empty() ? to_nlohmann(loyalty::to_json(n.note, p)) : json::parse(n.legacy);
  j["id"] = n.id;
  return j;
}

}  // namespace loyalty::server
