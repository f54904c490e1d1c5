// Events <-> JSON: what the CLI, the server's webhooks and the tests apply.
#include "json_reader.h"
#include "loyalty/json_io.h"

namespace loyalty {

// Longer than 80 lines on purpose: one short case per event kind, each reading
// only its own members into the same reader and event, so that a kind's format
// reads in one place (the kinds share nothing beyond id, type and at).
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
  bool known = false;
  for (EventKind k : kinds)
    if (type == event_kind_name(k)) { e.kind = k; known = true; }
  if (!known && !type.empty()) {
    r.fail("/type", "unknown event type '" + type + "'");
    return Result<Event>::failure(errors);
  }
  e.at = r.instant(j, "", "at", true);
  const std::int64_t big = kMaxAmount;
  switch (e.kind) {
    case EventKind::OrderPaid: {
      r.only_keys(j, "", {"id", "type", "at", "order"});
      const json* o = r.member(j, "", "order", true);
      if (o && r.is_object(*o, "/order")) {
        e.order.id = r.id(*o, "/order", "id", true);
        auto cart = cart_from_json(*o, "/order");
        if (cart.ok()) e.order.cart = cart.value;
        else errors.insert(errors.end(), cart.errors.begin(), cart.errors.end());
      }
      break;
    }
    case EventKind::Refund: {
      r.only_keys(j, "", {"id", "type", "at", "refund"});
      const json* f = r.member(j, "", "refund", true);
      if (f && r.is_object(*f, "/refund")) {
        r.only_keys(*f, "/refund", {"id", "order_id", "lines", "amount"});
        e.refund.id = r.id(*f, "/refund", "id", true);
        e.refund.order_id = r.id(*f, "/refund", "order_id", true);
        e.refund.amount = r.integer(*f, "/refund", "amount", false, -1, 0, big);
        if (const json* lines = r.member(*f, "/refund", "lines", false)) {
          if (r.is_array(*lines, "/refund/lines", 1000))
            for (size_t i = 0; i < lines->size(); ++i) {
              const std::string here = pointer_index("/refund/lines", i);
              if (!r.is_object((*lines)[i], here)) continue;
              RefundLine rl;
              rl.line_id = r.id((*lines)[i], here, "line_id", true);
              rl.quantity = r.integer((*lines)[i], here, "quantity", true, 0, 1, 100000);
              e.refund.lines.push_back(rl);
            }
        }
        if (e.refund.amount < 0 && e.refund.lines.empty() && errors.empty())
          r.fail("/refund", "needs lines or an amount");
      }
      break;
    }
    case EventKind::Action:
      r.only_keys(j, "", {"id", "type", "at", "action"});
      e.action = r.text(j, "", "action", true, "", 64);
      break;
    case EventKind::CustomerCreated:
      r.only_keys(j, "", {"id", "type", "at", "seed"});
      e.seed = static_cast<std::uint64_t>(r.integer(j, "", "seed", false, 0, 0, INT64_MAX));
      break;
    case EventKind::Redeem:
      r.only_keys(j, "", {"id", "type", "at", "reward_id", "points", "seed"});
      e.reward_id = r.id(j, "", "reward_id", true);
      e.points = r.integer(j, "", "points", false, 0, 0, big);
      e.seed = static_cast<std::uint64_t>(r.integer(j, "", "seed", false, 0, 0, INT64_MAX));
      break;
    case EventKind::Adjust:
      r.only_keys(j, "", {"id", "type", "at", "points", "note"});
      e.points = r.integer(j, "", "points", true, 0, -big, big);
      e.note = r.text(j, "", "note", true, "", 500);
      if (e.points == 0 && errors.empty()) r.fail("/points", "must not be 0");
      break;
    case EventKind::Tick:
      r.only_keys(j, "", {"id", "type", "at"});
      break;
    case EventKind::ReferralCompleted: {
      r.only_keys(j, "", {"id", "type", "at", "referee"});
      const json* f = r.member(j, "", "referee", true);
      if (f && r.is_object(*f, "/referee")) {
        r.only_keys(*f, "/referee", {"id", "email", "device", "order_id", "order_eligible", "first_order"});
        e.referee_id = r.id(*f, "/referee", "id", true);
        e.referee_email = r.text(*f, "/referee", "email", false, "", 254);
        e.referee_device = r.text(*f, "/referee", "device", false, "", 128);
        e.referee_order_id = r.id(*f, "/referee", "order_id", true);
        e.referee_order_eligible = r.integer(*f, "/referee", "order_eligible", true, 0, 0, big);
        e.referee_first_order = r.boolean(*f, "/referee", "first_order", true);
      }
      break;
    }
    case EventKind::MembershipStarted:
      r.only_keys(j, "", {"id", "type", "at", "plan_id", "period_end"});
      e.plan_id = r.id(j, "", "plan_id", true);
      e.period_end = r.instant(j, "", "period_end", true);
      if (e.period_end <= e.at && errors.empty()) r.fail("/period_end", "must be after /at");
      break;
    case EventKind::MembershipEnded:
      r.only_keys(j, "", {"id", "type", "at", "plan_id"});
      e.plan_id = r.id(j, "", "plan_id", true);
      break;
    case EventKind::PartnerExchange: {
      r.only_keys(j, "", {"id", "type", "at", "partner_id", "direction", "points"});
      e.partner_id = r.id(j, "", "partner_id", true);
      std::string dir = r.text(j, "", "direction", true, "", 3);
      if (dir != "in" && dir != "out" && !dir.empty()) r.fail("/direction", "must be one of: in, out");
      e.inbound = dir != "out";
      e.points = r.integer(j, "", "points", true, 0, 1, big);
      break;
    }
  }
  if (!errors.empty()) return Result<Event>::failure(errors);
  return Result<Event>::success(std::move(e));
}


Result<Event> parse_event(const std::string& text) {
  auto j = parse_json(text, "event");
  if (!j.ok()) return Result<Event>::failure(j.errors);
  return event_from_json(j.value);
}

}  // namespace loyalty
