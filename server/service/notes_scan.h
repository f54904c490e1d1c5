// The notes document's text read without a JSON DOM (service/notes_doc.h):
// a cursor that accepts only the spelling this server writes (nlohmann's
// compact dump), and the notes stored before the compact form (008's
// document, and its notes kept as they were among the compact ones). Parsing
// and dumping the document as a DOM was most of an order's cost of the notes
// (BENCHMARKS.md "Webhooks: one lock per customer and the notes as text").
#pragma once
#include <cstdint>
#include <string>

#include "loyalty/money.h"
#include "service/notes_doc.h"

namespace loyalty::server {

// A cursor over the written text; every read fails on any other spelling.
// The caller checks the whole text with nlohmann::json::accept too (UTF-8,
// control characters in strings).
struct NoteScan {
  const std::string& t;
  size_t i = 0;

  bool lit(const char* s);
  bool at_end() const { return i == t.size(); }
  bool integer(std::int64_t& v);  // no leading zero
  bool string(std::string& v);    // escapes decoded
  bool object(std::string& v);    // as text: no white space outside its strings
  bool value(std::int64_t& v) { return integer(v); }
  bool value(std::string& v) { return string(v); }
  bool value(loyalty::Points& v);
  // {"id":…,"key":…,"note":{…},"seen":…,"until":…}: a note as 008's document holds it.
  bool legacy_note(std::int64_t& id, std::string& key, std::string& note, std::int64_t& seen, std::int64_t& until);
};

// A string as nlohmann dumps it.
std::string quoted_json(const std::string& s);
void write_legacy_note(std::string& out, std::int64_t id, const std::string& key, const std::string& note, std::int64_t seen,
                       std::int64_t until);
// 008's document ({"last", "notes": [...]}, in any spelling): its notes kept as
// stored; CorruptRow naming the customer when it is not one.
NotesDoc read_legacy_notes_doc(const std::string& text, const std::string& customer);

}  // namespace loyalty::server
