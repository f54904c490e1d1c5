// A customer's notes document (customers.notes, service/shopper_notes.h): each
// note's typed fields, positionally, rendered as the widget's JSON only when
// /me reads them. The row is rewritten by every order, so its size is WAL
// bytes per order: the notification JSON each note held before (~200 B:
// "type" and every field name spelled out, ISO 8601 times) made a customer's
// row ~1 KB and each commit ~14 % more WAL than fb914c6's (BENCHMARKS.md
// "Shopper notes stored compactly").
//
// The document (JSON, nlohmann's compact spelling, oldest note first):
//   [last, note, note, ...]          last: the last note id given
// A note written by this server is an array:
//   [id, seen, kind, at, balance, ...the kind's fields, key?]
// seen: when dismissed (0: unseen); at: epoch seconds; kind and its fields:
//   1 points_earned       points, pending, "source", "order_id", "action", "tier"
//   2 points_matured      points, "order_id"
//   3 reward_unlocked     "reward_id", points
//   4 tier_reached        "tier", "previous_tier"
//   5 points_expiring     points, expires_at (epoch seconds)
//   6 referral_completed  points, "referee_id", "order_id"
// ("" for a field the note leaves out, as the core's to_json does). The key is
// left out when it is the one derived from the fields ("earned:earn:" +
// order_id for an order's points, "expiring:" + expires_at). A note is moot
// (until) when its expiring points have expired.
//
// A note stored before this form (the 008 document {"last", "notes": [{"id",
// "key", "note", "seen", "until"}]}) is kept as it was: an object {"id", "key",
// "note": the notification JSON, "seen", "until"} among the arrays, listed by
// /me as stored, until it is dismissed or drops out (ShopperNotes::kKept).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loyalty/notification.h"

namespace loyalty::server {

struct StoredNote {
  std::int64_t id = 0;
  std::int64_t seen = 0;  // 0: unseen
  std::string key;
  std::int64_t until = 0;      // 0: never moot
  loyalty::Notification note;  // the note's fields (key and until as above)
  std::string legacy;          // a note stored before the compact form: its notification JSON, as stored
  bool moot(std::int64_t now) const { return until > 0 && until <= now; }
};

struct NotesDoc {
  std::int64_t last = 0;
  std::vector<StoredNote> notes;  // oldest first
};

// A new note: the notification's fields, its key and until.
StoredNote new_note(std::int64_t id, const loyalty::Notification& n);
// The document ("" for none, or 008's document); CorruptRow naming the
// customer when it is not a notes document.
NotesDoc read_notes_doc(const std::string& text, const std::string& customer);
// The compact document, nlohmann's compact dump of itself byte for byte.
std::string write_notes_doc(const NotesDoc& d);
// What /me lists for the note: the core's notification JSON (reward_name
// from `p`) with "id"; a note stored before the compact form as stored.
nlohmann::json note_json(const StoredNote& n, const loyalty::Program& p);

}  // namespace loyalty::server
