// The one JSON reader for request bodies, every route: a body that is not
// JSON, is nested too deep or holds a number out of range is answered 400 with
// the parser's own message; an object with a field the route does not know, 422.
// The server speaks nlohmann::json; the core its own JSON value (loyalty/json.h):
// this is the one place where one becomes the other.
#pragma once
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "loyalty/event.h"
#include "loyalty/json.h"

namespace loyalty::server {

// `what` names the body in messages ("request", "payload"). Parsed by the
// core's strict parser (repeated keys, NUL bytes, trailing text, depth).
nlohmann::json read_json(const std::string& body, const char* what);
nlohmann::json read_json_object(const std::string& body, const char* what, std::initializer_list<const char*> allowed);

// A request's members as one kind's core event body (Kind: loyalty::Redeem,
// Adjust, Action...), read by the core's own reader: 422 with its messages,
// naming the request's fields. The caller makes the event's id and time.
loyalty::EventBody read_event_body(loyalty::EventKind kind, const nlohmann::json& members);
template <class Kind>
Kind read_event_body(const nlohmann::json& members) {
  const auto kind = static_cast<loyalty::EventKind>(loyalty::EventBody(Kind{}).index());  // a kind is its place in EventBody
  return std::get<Kind>(read_event_body(kind, members));
}

// JSON the server stored itself (an idempotency answer, an outbox body) read
// back; text that does not parse is a CorruptRow naming `where` (the table's
// column and whose row: "outbox.body for shop/customer"), as every read path's.
nlohmann::json stored_json(const std::string& text, const std::string& where);

// Value for value: a decimal number goes through its text, as nlohmann reads it.
nlohmann::json to_nlohmann(const loyalty::json& j);
loyalty::json to_core(const nlohmann::json& j);

// Compact, keys sorted, invalid UTF-8 replaced: the bytes loyalty::dump writes.
std::string dump(const nlohmann::json& j);

}  // namespace loyalty::server
