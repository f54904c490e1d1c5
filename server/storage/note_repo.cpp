#include "storage/note_repo.h"

namespace loyalty::server {

std::string NoteRepo::read_locked(Conn& c, const std::string& shop, const std::string& customer) {
  const Rows rows = c.query(std::string("SELECT notes FROM customers WHERE shop = ? AND id = ?") + c.for_update(), {shop, customer});
  return rows.empty() ? std::string() : rows[0][0];
}

void NoteRepo::write(Conn& c, const std::string& shop, const std::string& customer, const std::string& doc) {
  c.exec("UPDATE customers SET notes = ? WHERE shop = ? AND id = ?", {doc, shop, customer});
}

}  // namespace loyalty::server
