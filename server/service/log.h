// The server's one way to report an error it carries on after: a JSON line on
// stderr, {"level": "error", "msg": ...}, so log collectors parse every one alike.
#pragma once
#include <iostream>
#include <string>

#include "loyalty/json_io.h"

namespace loyalty::server {

inline void log_error(const std::string& msg) {
  std::cerr << loyalty::dump({{"level", "error"}, {"msg", msg}}) << std::endl;
}

}  // namespace loyalty::server
