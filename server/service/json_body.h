// The one JSON reader for request bodies, every route: a body that is not
// JSON, is nested too deep or holds a number out of range is answered 400 with
// the parser's own message; an object with a field the route does not know, 422.
#pragma once
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace loyalty::server {

// `what` names the body in messages ("request", "payload").
nlohmann::json read_json(const std::string& body, const char* what);
nlohmann::json read_json_object(const std::string& body, const char* what, std::initializer_list<const char*> allowed);

}  // namespace loyalty::server
