// The program's "lifecycle" (pending, expiry, negative balances) and
// "partners" (points exchanged with a coalition partner).
#include "program_read.h"

namespace loyalty {

void read_lifecycle(JsonReader& r, const json& root, Program& p) {
  std::string at;
  const json* v = r.object_member(root, "", "lifecycle", false, {"pending_days", "expiry", "expiry_days", "negative_balance",
                                  "expiry_notice_days"}, at);
  if (!v) return;
  auto& l = p.lifecycle;
  l.pending_days = r.integer(*v, at, "pending_days", false, 0, 0, 365);
  l.expiry = read_enum(r, *v, at, "expiry", ExpiryMode::Never, kExpiryNames);
  l.expiry_days = r.integer(*v, at, "expiry_days", l.expiry != ExpiryMode::Never, 0, l.expiry != ExpiryMode::Never ? 1 : 0, kMaxDays);
  l.negative_balance = read_enum(r, *v, at, "negative_balance", NegativeBalancePolicy::HoldAsPending, kNegativeBalanceNames);
  // Days before a batch of points expires that the customer is told (0: not told; no expiry: never).
  l.expiry_notice_days = r.integer(*v, at, "expiry_notice_days", false, 0, 0, kMaxDays);
}

void read_partners(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "partners", 50, [&](const json& m, const std::string& at) {
    r.only_keys(m, at, {"id", "name", "partner_points", "our_points", "allow_in", "allow_out", "min_exchange"});
    Partner pt;
    pt.id = r.id(m, at, "id", true);
    pt.name = r.text(m, at, "name", true);
    pt.partner_points = r.amount<Points>(m, at, "partner_points", true, 1, 1, 1000000);
    pt.our_points = r.amount<Points>(m, at, "our_points", true, 1, 1, 1000000);
    pt.allow_in = r.boolean(m, at, "allow_in", true);
    pt.allow_out = r.boolean(m, at, "allow_out", true);
    pt.min_exchange = r.amount<Points>(m, at, "min_exchange", false, 0, 0, kMaxPoints);
    if (!pt.allow_in && !pt.allow_out) r.fail(pointer_child(at, "allow_out"), LOYALTY_WHY("a partner must allow exchange in at least one direction"));
    p.partners.push_back(std::move(pt));
  });
  require_unique(r, p.partners, "/partners", "id", [](const Partner& m) { return m.id; });
}

}  // namespace loyalty
