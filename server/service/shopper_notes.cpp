#include "service/shopper_notes.h"

#include "loyalty/json_io.h"
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

void write_shopper_note(Store& store, Conn& c, const loyalty::Program& p, const std::string& shop, const std::string& customer,
                        const loyalty::Notification& n, std::int64_t now) {
  if (!is_shopper_note(n.kind)) return;
  // Points that have expired are no news: the note goes with them.
  const std::int64_t shown_until = n.kind == loyalty::NotificationKind::PointsExpiring ? n.expires_at : 0;
  store.notes().add(c, shop, customer, n.key, loyalty::dump(loyalty::to_json(n, p)), now, shown_until);
}

json ShopperNotes::unseen(const std::string& shop, const std::string& customer, std::int64_t now) const {
  auto c = store_.conn();
  json out = json::array();
  for (const ShopperNote& n : store_.notes().unseen(*c, shop, customer, now, kShown)) {
    json j;
    try {
      j = json::parse(n.body);
    } catch (const json::exception&) {
      throw CorruptRow("shopper_notes row " + std::to_string(n.id) + " is not JSON");
    }
    j["id"] = n.id;
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
  const std::int64_t n = in_write_tx(*c, [&] { return store_.notes().dismiss(*c, shop, customer, ids, now); });
  return {200, {{"dismissed", n}}};
}

}  // namespace loyalty::server
