// The one JSON reader for request bodies, every route: a body that is not
// JSON, is nested too deep or holds a number out of range is answered 400 with
// the parser's own message; an object with a field the route does not know, 422.
// The server speaks nlohmann::json; the core its own JSON value (loyalty/json.h):
// this is the one place where one becomes the other.
#pragma once
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "loyalty/json.h"

namespace loyalty::server {

// `what` names the body in messages ("request", "payload"). Parsed by the
// core's strict parser (repeated keys, NUL bytes, trailing text, depth).
nlohmann::json read_json(const std::string& body, const char* what);
nlohmann::json read_json_object(const std::string& body, const char* what, std::initializer_list<const char*> allowed);

// Value for value: a decimal number goes through its text, as nlohmann reads it.
nlohmann::json to_nlohmann(const loyalty::json& j);
loyalty::json to_core(const nlohmann::json& j);

// Compact, keys sorted, invalid UTF-8 replaced: the bytes loyalty::dump writes.
std::string dump(const nlohmann::json& j);

}  // namespace loyalty::server
