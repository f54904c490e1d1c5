// Schema migrations, compiled in from server/sql/*.sql (see CMakeLists.txt).
#pragma once
#include <string>
#include <vector>

namespace loyalty::server {

struct Migration {
  const char* name;
  const char* sql;
};

const std::vector<Migration>& migrations();

}  // namespace loyalty::server
