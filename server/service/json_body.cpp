#include "service/json_body.h"

#include <algorithm>

#include "loyalty/json_io.h"
#include "service/errors.h"

namespace loyalty::server {

nlohmann::json read_json(const std::string& body, const char* what) {
  auto j = loyalty::parse_json(body, what);
  if (!j.ok()) throw ApiError(400, j.errors.front().message, j.errors.front().pointer);
  return std::move(j.value);
}

nlohmann::json read_json_object(const std::string& body, const char* what, std::initializer_list<const char*> allowed) {
  nlohmann::json j = read_json(body, what);
  if (!j.is_object()) throw ApiError(400, std::string(what) + " must be a JSON object", "");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* k) { return it.key() == k; }) == allowed.end())
      throw ApiError(422, "is not a known field", "/" + it.key());
  return j;
}

}  // namespace loyalty::server
