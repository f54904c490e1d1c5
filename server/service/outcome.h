// What a service answers a request with: the status and the JSON body.
#pragma once
#include <nlohmann/json.hpp>

namespace loyalty::server {

struct Outcome {
  int status = 200;
  nlohmann::json body;
};

}  // namespace loyalty::server
