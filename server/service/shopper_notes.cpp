#include "service/shopper_notes.h"

#include <algorithm>

#include "service/errors.h"
#include "service/json_body.h"

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

// The customer's notes document (note_repo.h): {"last": the last id given,
// "notes": [{"id", "key", "until" (0: never moot), "seen" (0: unseen), "note"}]}.
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

bool moot(const json& n, std::int64_t now) {
  const auto until = n["until"].get<std::int64_t>();
  return until > 0 && until <= now;
}

// What a note that can no longer be shown or caused again leaves: nothing.
// A moot note (its points expired) cannot come back, so it goes, seen or not;
// beyond kKept unseen, the oldest go.
void prune(json& notes, std::int64_t now) {
  json kept = json::array();
  for (json& n : notes)
    if (!moot(n, now)) kept.push_back(std::move(n));
  std::ptrdiff_t unseen = std::count_if(kept.begin(), kept.end(), [](const json& n) { return n["seen"] == 0; });
  json out = json::array();
  for (json& n : kept) {  // oldest first
    if (n["seen"] == 0 && unseen > ShopperNotes::kKept) {
      --unseen;
      continue;
    }
    out.push_back(std::move(n));
  }
  notes = std::move(out);
}

}  // namespace

void write_shopper_notes(Store& store, Conn& c, const loyalty::Program& p, const std::string& shop, const std::string& customer,
                         const std::vector<loyalty::Notification>& list, std::int64_t now) {
  if (std::none_of(list.begin(), list.end(), [](const auto& n) { return is_shopper_note(n.kind); })) return;
  json doc = parse_notes(store.notes().read(c, shop, customer, true), customer);
  json& notes = doc["notes"];
  auto last = doc["last"].get<std::int64_t>();
  for (const loyalty::Notification& n : list) {
    if (!is_shopper_note(n.kind)) continue;
    // The same cause twice (a tick telling the same expiring points again) is one note.
    if (std::any_of(notes.begin(), notes.end(), [&](const json& x) { return x["key"] == n.key; })) continue;
    // Points that have expired are no news: the note goes with them.
    const std::int64_t until = n.kind == loyalty::NotificationKind::PointsExpiring ? n.expires_at : 0;
    notes.push_back({{"id", ++last}, {"key", n.key}, {"until", until}, {"seen", 0}, {"note", to_nlohmann(loyalty::to_json(n, p))}});
  }
  doc["last"] = last;
  prune(notes, now);
  store.notes().write(c, shop, customer, doc.dump());
}

json ShopperNotes::unseen(const std::string& shop, const std::string& customer, std::int64_t now) const {
  auto c = store_.conn();
  json doc = parse_notes(store_.notes().read(*c, shop, customer, false), customer);
  json out = json::array();
  json& notes = doc["notes"];
  for (auto it = notes.rbegin(); it != notes.rend() && out.size() < static_cast<size_t>(kShown); ++it) {  // newest first
    if ((*it)["seen"] != 0 || moot(*it, now)) continue;
    json j = std::move((*it)["note"]);
    j["id"] = (*it)["id"];
    out.push_back(std::move(j));
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
    json doc = parse_notes(store_.notes().read(*c, shop, customer, true), customer);
    std::int64_t dismissed = 0;
    json kept = json::array();
    for (json& x : doc["notes"]) {
      if (x["seen"] == 0 && std::find(ids.begin(), ids.end(), x["id"].get<std::int64_t>()) != ids.end()) {
        ++dismissed;
        // A note that can be caused again (points expiring) stays, seen, so it is told once.
        if (x["until"] == 0) continue;
        x["seen"] = now;
      }
      kept.push_back(std::move(x));
    }
    if (dismissed) {
      doc["notes"] = std::move(kept);
      prune(doc["notes"], now);
      store_.notes().write(*c, shop, customer, doc.dump());
    }
    return dismissed;
  });
  return {200, {{"dismissed", n}}};
}

}  // namespace loyalty::server
