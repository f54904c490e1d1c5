// Shopper notes (issue 15): the notices the core decides (notices_for) that
// the widget shows the shopper on their next visit, until dismissed. Stored
// in the customer's row (storage/note_repo.h; not read from the outbox, which
// holds only what a shop's receivers get), in the ledger write's transaction.
// No HTTP here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loyalty/notification.h"
#include "service/outcome.h"
#include "storage/store.h"

namespace loyalty::server {

// The kinds a shopper is told about in the widget, as the core names them.
// Not tier_lost (the panel shows the tier held) nor win_back_offer (the
// panel shows the live offer while it runs).
bool is_shopper_note(loyalty::NotificationKind k);

// The customer's notes document `stored` (as read under the customer's lock,
// "" for none) with the notes among `list` added (a key the customer still has
// adds nothing) and those no longer kept dropped; nullopt when `list` has no
// note, so the row need not be written. The caller stores it in the same
// transaction (CustomerRepo::set_next_check).
std::optional<std::string> with_shopper_notes(const std::string& customer, const std::string& stored,
                                              const std::vector<loyalty::Notification>& list, std::int64_t now);

// The unseen notes of the customer's notes document `stored` ("" for none) as
// /me lists them: [{"id", "type", "at", ...the core's notification fields}],
// at most ShopperNotes::kShown, newest first (a reward's name as `p` names it).
nlohmann::json unseen_notes(const loyalty::Program& p, const std::string& customer, const std::string& stored,
                            std::int64_t now);

class ShopperNotes {
 public:
  static constexpr int kShown = 10;    // /me lists at most this many, newest first
  static constexpr int kDismiss = 100; // ids per dismiss call
  static constexpr int kKept = 20;     // unseen notes kept per customer: older ones drop (the row stays small)

  explicit ShopperNotes(Store& store) : store_(store) {}
  // {"ids": [note ids]}: marks those of this customer seen (again: nothing
  // changes). {"dismissed": how many were still unseen}.
  Outcome dismiss(const std::string& shop, const std::string& customer, const std::string& body, std::int64_t now) const;

 private:
  Store& store_;
};

}  // namespace loyalty::server
