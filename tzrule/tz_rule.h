// The system's tz data for programs that name a time zone without its rule:
// the CLI and the server fill "time_zone_rule" before the core reads the
// program (the core itself evaluates only the rule, and does no I/O).
#pragma once
#include <string>

#include "loyalty/json.h"

namespace loyalty_tz {

// The POSIX rule of an IANA zone: the last line of its TZif file (RFC 8536
// footer) under `zoneinfo`. "" and *error set when the name is unsafe,
// unknown or the file has no rule.
std::string rule_for_zone(const std::string& name, std::string* error, const std::string& zoneinfo = "/usr/share/zoneinfo");

// When `program` has a string "time_zone" and no "time_zone_rule", adds the
// rule. Returns "" or an error about /time_zone.
std::string fill_time_zone_rule(loyalty::json& program, const std::string& zoneinfo = "/usr/share/zoneinfo");

}  // namespace loyalty_tz
