#include "service/json_body.h"

#include <algorithm>

#include "loyalty/json_io.h"
#include "service/errors.h"
#include "storage/db.h"

namespace loyalty::server {

nlohmann::json read_json(const std::string& body, const char* what) {
  auto j = loyalty::parse_json(body, what);
  if (!j.ok()) throw ApiError(400, j.errors.front().message, j.errors.front().pointer);
  return to_nlohmann(j.value);
}

nlohmann::json read_json_object(const std::string& body, const char* what, std::initializer_list<const char*> allowed) {
  nlohmann::json j = read_json(body, what);
  if (!j.is_object()) throw ApiError(400, std::string(what) + " must be a JSON object", "");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* k) { return it.key() == k; }) == allowed.end())
      throw ApiError(422, "is not a known field", "/" + it.key());
  return j;
}

namespace {

// Both JSON types share this much of an interface: one function converts either way.
template <class To, class From>
To convert(const From& j) {
  if (j.is_object()) {
    To out = To::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = convert<To>(it.value());
    return out;
  }
  if (j.is_array()) {
    To out = To::array();
    for (std::size_t i = 0; i < j.size(); ++i) out.push_back(convert<To>(j[i]));
    return out;
  }
  if (j.is_string()) return To(j.template get<std::string>());
  if (j.is_boolean()) return To(j.template get<bool>());
  if (j.is_number_unsigned()) return To(static_cast<unsigned long long>(j.template get<std::uint64_t>()));
  if (j.is_number_integer()) return To(static_cast<long long>(j.template get<std::int64_t>()));
  if (j.is_number_float()) return To::parse(j.dump(), nullptr, false);  // through its text, as either reads it
  return To(nullptr);
}

}  // namespace

loyalty::EventBody read_event_body(loyalty::EventKind kind, const nlohmann::json& members) {
  auto body = loyalty::event_body_from_json(kind, to_core(members));
  if (!body.ok()) throw ApiError::from(422, body.errors);
  return std::move(body.value);
}

nlohmann::json stored_json(const std::string& text, const std::string& where) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw CorruptRow("corrupt " + where + ": not JSON");
  return j;
}

nlohmann::json to_nlohmann(const loyalty::json& j) { return convert<nlohmann::json>(j); }
loyalty::json to_core(const nlohmann::json& j) { return convert<loyalty::json>(j); }

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace loyalty::server
