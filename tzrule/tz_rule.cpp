#include "tz_rule.h"

#include <fstream>
#include <iterator>

namespace loyalty_tz {

namespace {

// Names as the tz database spells them; never a path out of the directory.
bool safe_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name[0] == '/' || name.find("..") != std::string::npos) return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' || c == '+'))
      return false;
  return true;
}

}  // namespace

std::string rule_for_zone(const std::string& name, std::string* error, const std::string& zoneinfo) {
  if (!safe_name(name)) {
    *error = "must be an IANA time zone name like Europe/Bucharest";
    return "";
  }
  std::ifstream f(zoneinfo + "/" + name, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (!f.good() && !f.eof()) data.clear();
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) {
    *error = "is not a time zone in this system's tz data (" + zoneinfo + "/" + name + ")";
    return "";
  }
  // Version 2+ files end with "\n<POSIX rule>\n".
  const size_t end = data.size() - 1;
  const size_t start = data[end] == '\n' && end > 0 ? data.rfind('\n', end - 1) : std::string::npos;
  if (start == std::string::npos || end - start - 1 == 0 || data[4] < '2') {
    *error = "has no POSIX rule in this system's tz data; give time_zone_rule as well";
    return "";
  }
  return data.substr(start + 1, end - start - 1);
}

std::string fill_time_zone_rule(loyalty::json& program, const std::string& zoneinfo) {
  if (!program.is_object() || program.find("time_zone_rule") != program.end()) return "";
  auto it = program.find("time_zone");
  if (it == program.end() || !it->is_string()) return "";
  std::string error;
  const std::string rule = rule_for_zone(it->get<std::string>(), &error, zoneinfo);
  if (rule.empty()) return error;
  program["time_zone_rule"] = rule;
  return "";
}

}  // namespace loyalty_tz
