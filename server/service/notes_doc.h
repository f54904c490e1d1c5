// A customer's notes document (customers.notes, service/shopper_notes.h) as
// the writes change it: {"last": the last id given, "notes": [{"id", "key",
// "until" (0: never moot), "seen" (0: unseen), "note"}]}, oldest first. Each
// note's own fields are read; the note itself stays the JSON text it is stored
// as. Building the document as a JSON DOM and dumping it again was most of an
// order's cost of the notes (BENCHMARKS.md "Webhooks: one lock per customer
// and the notes as text").
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace loyalty::server {

struct StoredNote {
  std::int64_t id = 0;
  std::string key;
  std::int64_t until = 0;  // 0: never moot
  std::int64_t seen = 0;   // 0: unseen
  std::string note;        // the core's notification JSON, compact
  bool moot(std::int64_t now) const { return until > 0 && until <= now; }
};

struct NotesDoc {
  std::int64_t last = 0;
  std::vector<StoredNote> notes;  // oldest first
};

// The document parsed in full ({"last": 0, "notes": []} for ""); CorruptRow
// naming the customer when it is not a notes document.
nlohmann::json parse_notes(const std::string& text, const std::string& customer);
// The same document as NotesDoc. The text write_notes_doc writes is only
// scanned (after nlohmann checked it is JSON); any other spelling (008's
// member order, spaces, an escaped key) is parsed in full.
NotesDoc read_notes_doc(const std::string& text, const std::string& customer);
// nlohmann's compact dump of the document, byte for byte.
std::string write_notes_doc(const NotesDoc& d);

}  // namespace loyalty::server
