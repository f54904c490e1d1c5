// Events <-> JSON: what the CLI, the server's webhooks and the tests apply.
// One reader per kind: each reads only its own members (the kinds share
// nothing beyond id, type and at).
#include "json_reader.h"
#include "loyalty/json_io.h"

namespace loyalty {

namespace {

constexpr std::int64_t kBig = kMaxAmount;

EventBody read_order_paid(JsonReader& r, Errors& errors, const json& j) {
  OrderPaid e;
  r.only_keys(j, "", {"id", "type", "at", "order", "seed"});
  e.seed = static_cast<std::uint64_t>(r.integer(j, "", "seed", false, 0, 0, INT64_MAX));
  const json* o = r.member(j, "", "order", true);
  if (o && r.is_object(*o, "/order")) {
    e.order.id = r.id(*o, "/order", "id", true);
    auto cart = cart_from_json(*o, "/order");
    if (cart.ok()) e.order.cart = cart.value;
    else errors.insert(errors.end(), cart.errors.begin(), cart.errors.end());
  }
  return e;
}

EventBody read_refund(JsonReader& r, Errors& errors, const json& j) {
  Refund e;
  r.only_keys(j, "", {"id", "type", "at", "refund"});
  const json* f = r.member(j, "", "refund", true);
  if (!f || !r.is_object(*f, "/refund")) return e;
  r.only_keys(*f, "/refund", {"id", "order_id", "lines", "amount"});
  e.id = r.id(*f, "/refund", "id", true);
  e.order_id = r.id(*f, "/refund", "order_id", true);
  e.amount = r.amount<Money>(*f, "/refund", "amount", false, -1, 0, kBig);
  if (const json* lines = r.member(*f, "/refund", "lines", false)) {
    if (r.is_array(*lines, "/refund/lines", kMaxCartLines))
      for (size_t i = 0; i < lines->size(); ++i) {
        const std::string here = pointer_index("/refund/lines", i);
        if (!r.is_object((*lines)[i], here)) continue;
        RefundLine rl;
        rl.line_id = r.id((*lines)[i], here, "line_id", true);
        rl.quantity = r.integer((*lines)[i], here, "quantity", true, 0, 1, kMaxQuantity);
        e.lines.push_back(rl);
      }
  }
  if (e.amount < 0 && e.lines.empty() && errors.empty()) r.fail("/refund", "needs lines or an amount");
  return e;
}

EventBody read_redeem(JsonReader& r, const json& j) {
  Redeem e;
  r.only_keys(j, "", {"id", "type", "at", "reward_id", "points", "seed"});
  e.reward_id = r.id(j, "", "reward_id", true);
  e.points = r.amount<Points>(j, "", "points", false, 0, 0, kBig);
  e.seed = static_cast<std::uint64_t>(r.integer(j, "", "seed", false, 0, 0, INT64_MAX));
  return e;
}

EventBody read_adjust(JsonReader& r, Errors& errors, const json& j) {
  Adjust e;
  r.only_keys(j, "", {"id", "type", "at", "points", "note"});
  e.points = r.amount<Points>(j, "", "points", true, 0, -kBig, kBig);
  e.note = r.text(j, "", "note", true, "", 500);
  if (e.points == 0 && errors.empty()) r.fail("/points", "must not be 0");
  return e;
}

EventBody read_referral_completed(JsonReader& r, const json& j) {
  ReferralCompleted e;
  r.only_keys(j, "", {"id", "type", "at", "referee", "seed"});
  e.seed = static_cast<std::uint64_t>(r.integer(j, "", "seed", false, 0, 0, INT64_MAX));
  const json* f = r.member(j, "", "referee", true);
  if (!f || !r.is_object(*f, "/referee")) return e;
  r.only_keys(*f, "/referee", {"id", "email", "device", "order_id", "order_eligible", "first_order"});
  e.referee_id = r.id(*f, "/referee", "id", true);
  e.referee_email = r.text(*f, "/referee", "email", false, "", 254);
  e.referee_device = r.text(*f, "/referee", "device", false, "", 128);
  e.referee_order_id = r.id(*f, "/referee", "order_id", true);
  e.referee_order_eligible = r.amount<Money>(*f, "/referee", "order_eligible", true, 0, 0, kBig);
  e.referee_first_order = r.boolean(*f, "/referee", "first_order", true);
  return e;
}

EventBody read_membership_started(JsonReader& r, Errors& errors, const json& j, Seconds at) {
  MembershipStarted e;
  r.only_keys(j, "", {"id", "type", "at", "plan_id", "period_end"});
  e.plan_id = r.id(j, "", "plan_id", true);
  e.period_end = r.instant(j, "", "period_end", true);
  if (e.period_end <= at && errors.empty()) r.fail("/period_end", "must be after /at");
  return e;
}

EventBody read_partner_exchange(JsonReader& r, const json& j) {
  PartnerExchange e;
  r.only_keys(j, "", {"id", "type", "at", "partner_id", "direction", "points"});
  e.partner_id = r.id(j, "", "partner_id", true);
  std::string dir = r.text(j, "", "direction", true, "", 3);
  if (dir != "in" && dir != "out" && !dir.empty()) r.fail("/direction", "must be one of: in, out");
  e.inbound = dir != "out";
  e.points = r.amount<Points>(j, "", "points", true, 0, 1, kBig);
  return e;
}

EventBody read_body(EventKind kind, JsonReader& r, Errors& errors, const json& j, Seconds at) {
  switch (kind) {
    case EventKind::OrderPaid: return read_order_paid(r, errors, j);
    case EventKind::Refund: return read_refund(r, errors, j);
    case EventKind::Action:
      r.only_keys(j, "", {"id", "type", "at", "action"});
      return Action{r.text(j, "", "action", true, "", 64)};
    case EventKind::CustomerCreated:
      r.only_keys(j, "", {"id", "type", "at", "seed"});
      return CustomerCreated{static_cast<std::uint64_t>(r.integer(j, "", "seed", false, 0, 0, INT64_MAX))};
    case EventKind::Redeem: return read_redeem(r, j);
    case EventKind::Adjust: return read_adjust(r, errors, j);
    case EventKind::Tick: break;
    case EventKind::ReferralCompleted: return read_referral_completed(r, j);
    case EventKind::MembershipStarted: return read_membership_started(r, errors, j, at);
    case EventKind::MembershipEnded:
      r.only_keys(j, "", {"id", "type", "at", "plan_id"});
      return MembershipEnded{r.id(j, "", "plan_id", true)};
    case EventKind::PartnerExchange: return read_partner_exchange(r, j);
  }
  r.only_keys(j, "", {"id", "type", "at"});
  return Tick{};
}

}  // namespace

Result<Event> event_from_json(const json& j) {
  Errors errors;
  JsonReader r(errors);
  Event e;
  if (!r.is_object(j, "")) return Result<Event>::failure(errors);
  e.id = r.text(j, "", "id", true, "", 200);
  std::string type = r.text(j, "", "type", true, "", 40);
  static const EventKind kinds[] = {EventKind::OrderPaid, EventKind::Refund, EventKind::Action, EventKind::CustomerCreated,
                                    EventKind::Redeem, EventKind::Adjust, EventKind::Tick, EventKind::ReferralCompleted,
                                    EventKind::MembershipStarted, EventKind::MembershipEnded, EventKind::PartnerExchange};
  EventKind kind = EventKind::Tick;
  bool known = false;
  for (EventKind k : kinds)
    if (type == event_kind_name(k)) { kind = k; known = true; }
  if (!known && !type.empty()) {
    r.fail("/type", "unknown event type '" + type + "'");
    return Result<Event>::failure(errors);
  }
  e.at = r.instant(j, "", "at", true);
  e.body = read_body(kind, r, errors, j, e.at);
  if (!errors.empty()) return Result<Event>::failure(errors);
  return Result<Event>::success(std::move(e));
}

Result<EventBody> event_body_from_json(EventKind kind, const json& members, Seconds at) {
  Errors errors;
  JsonReader r(errors);
  if (!r.is_object(members, "")) return Result<EventBody>::failure(errors);
  EventBody body = read_body(kind, r, errors, members, at);
  return collected(std::move(errors), std::move(body));
}

Result<Event> parse_event(const std::string& text) {
  auto j = parse_json(text, "event");
  if (!j.ok()) return Result<Event>::failure(j.errors);
  return event_from_json(j.value);
}

}  // namespace loyalty
