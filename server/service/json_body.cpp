#include "service/json_body.h"

#include <algorithm>

#include "loyalty/json_io.h"
#include "service/errors.h"

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

nlohmann::json to_nlohmann(const loyalty::json& j) {
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = to_nlohmann(it.value());
    return out;
  }
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < j.size(); ++i) out.push_back(to_nlohmann(j[i]));
    return out;
  }
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_number_float()) return nlohmann::json::parse(j.dump(), nullptr, false);
  return nullptr;
}

loyalty::json to_core(const nlohmann::json& j) {
  if (j.is_object()) {
    loyalty::json out = loyalty::json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = to_core(it.value());
    return out;
  }
  if (j.is_array()) {
    loyalty::json out = loyalty::json::array();
    for (const auto& v : j) out.push_back(to_core(v));
    return out;
  }
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_unsigned()) return static_cast<unsigned long long>(j.get<std::uint64_t>());
  if (j.is_number_integer()) return static_cast<long long>(j.get<std::int64_t>());
  if (j.is_number_float()) return loyalty::json::parse(dump(j));
  return nullptr;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace loyalty::server
