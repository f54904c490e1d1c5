// Shopper notes: a customer's notices as the widget shows them, until the
// shopper dismisses them. They live in the customer's row (customers.notes,
// 008_shopper_notes_in_customers.*.sql), which the write that causes them
// rewrites anyway: a note costs no B-tree of its own on the webhook's path.
// The document's shape is the service's (service/notes_doc.h).
#pragma once
#include <string>

#include "storage/db.h"

namespace loyalty::server {

class NoteRepo {
 public:
  // The customer's notes document, "" for none (or no such customer), inside a
  // write with the row locked for it (PostgreSQL: FOR UPDATE). Reads outside a
  // write get the notes with the ledger (CustomerRepo::read).
  std::string read_locked(Conn& c, const std::string& shop, const std::string& customer);
  void write(Conn& c, const std::string& shop, const std::string& customer, const std::string& doc);
};

}  // namespace loyalty::server
