#include "service/shopper_notes.h"

#include <algorithm>

#include "service/errors.h"
#include "service/json_body.h"
#include "service/notes_doc.h"

namespace loyalty::server {

using nlohmann::json;

bool is_shopper_note(loyalty::NotificationKind k) {
  switch (k) {
    case loyalty::NotificationKind::PointsEarned: case loyalty::NotificationKind::PointsMatured:
    case loyalty::NotificationKind::RewardUnlocked: case loyalty::NotificationKind::TierReached:
    case loyalty::NotificationKind::PointsExpiring: case loyalty::NotificationKind::ReferralCompleted:
      return true;
    default:
      return false;
  }
}

namespace {

// What a note that can no longer be shown or caused again leaves: nothing.
// A moot note (its points expired) cannot come back, so it goes, seen or not;
// beyond kKept unseen, the oldest go.
void prune(std::vector<StoredNote>& notes, std::int64_t now) {
  std::vector<StoredNote> kept;
  kept.reserve(notes.size());
  for (StoredNote& n : notes)
    if (!n.moot(now)) kept.push_back(std::move(n));
  std::ptrdiff_t unseen = std::count_if(kept.begin(), kept.end(), [](const StoredNote& n) { return n.seen == 0; });
  notes.clear();
  for (StoredNote& n : kept) {  // oldest first
    if (n.seen == 0 && unseen > ShopperNotes::kKept) {
      --unseen;
      continue;
    }
    notes.push_back(std::move(n));
  }
}

}  // namespace

std::optional<std::string> with_shopper_notes(const std::string& customer, const std::string& stored,
                                              const std::vector<loyalty::Notification>& list, std::int64_t now) {
  if (std::none_of(list.begin(), list.end(), [](const auto& n) { return is_shopper_note(n.kind); })) return std::nullopt;
  NotesDoc doc = read_notes_doc(stored, customer);
  for (const loyalty::Notification& n : list) {
    if (!is_shopper_note(n.kind)) continue;
    // The same cause twice (a tick telling the same expiring points again) is one note.
    if (std::any_of(doc.notes.begin(), doc.notes.end(), [&](const StoredNote& x) { return x.key == n.key; })) continue;
    doc.notes.push_back(new_note(++doc.last, n));
  }
  prune(doc.notes, now);
  return write_notes_doc(doc);
}

json unseen_notes(const loyalty::Program& p, const std::string& customer, const std::string& stored, std::int64_t now) {
  const NotesDoc doc = read_notes_doc(stored, customer);
  json out = json::array();
  for (auto it = doc.notes.rbegin(); it != doc.notes.rend() && out.size() < static_cast<size_t>(ShopperNotes::kShown); ++it) {  // newest first
    if (it->seen != 0 || it->moot(now)) continue;
    out.push_back(note_json(*it, p));
  }
  return out;
}

Outcome ShopperNotes::dismiss(const std::string& shop, const std::string& customer, const std::string& body,
                              std::int64_t now) const {
  const json req = read_json_object(body, "request", {"ids"});
  if (!req.contains("ids") || !req["ids"].is_array() || req["ids"].empty())
    throw ApiError(422, "ids must be a list of the note ids /me listed", "/ids");
  if (req["ids"].size() > static_cast<size_t>(kDismiss))
    throw ApiError(422, "ids must list at most " + std::to_string(kDismiss) + " notes", "/ids");
  std::vector<std::int64_t> ids;
  for (const json& id : req["ids"]) {
    if (!id.is_number_integer() || id.get<std::int64_t>() < 1) throw ApiError(422, "ids must be note ids (whole numbers from 1)", "/ids");
    ids.push_back(id.get<std::int64_t>());
  }
  auto c = store_.conn();
  const std::int64_t n = in_write_tx(*c, [&] {
    NotesDoc doc = read_notes_doc(store_.notes().read_locked(*c, shop, customer), customer);
    std::int64_t dismissed = 0;
    std::vector<StoredNote> kept;
    for (StoredNote& x : doc.notes) {
      if (x.seen == 0 && std::find(ids.begin(), ids.end(), x.id) != ids.end()) {
        ++dismissed;
        // A note that can be caused again (points expiring) stays, seen, so it is told once.
        if (x.until == 0) continue;
        x.seen = now;
      }
      kept.push_back(std::move(x));
    }
    if (dismissed) {
      doc.notes = std::move(kept);
      prune(doc.notes, now);
      store_.notes().write(*c, shop, customer, write_notes_doc(doc));
    }
    return dismissed;
  });
  return {200, {{"dismissed", n}}};
}

}  // namespace loyalty::server
