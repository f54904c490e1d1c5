// Time as plain integers: seconds since the Unix epoch (UTC). The shop's UTC
// offset turns an instant into the shop's local calendar day.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace loyalty {

using Seconds = std::int64_t;
constexpr Seconds kDay = 86400;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

std::int64_t days_from_civil(int y, int m, int d);
CivilDate civil_from_days(std::int64_t days);
bool is_leap_year(int y);
int days_in_month(int y, int m);

// The shop-local calendar date of an instant.
CivilDate local_date(Seconds t, int utc_offset_minutes);
// The instant the shop-local day `d` starts.
Seconds local_day_start(const CivilDate& d, int utc_offset_minutes);
// Same local date-time `years` later (negative: earlier); Feb 29 becomes Feb 28.
Seconds add_local_years(Seconds t, int years, int utc_offset_minutes);
// Monday = 0 .. Sunday = 6, in shop-local time.
int local_weekday(Seconds t, int utc_offset_minutes);

// "2026-11-28T10:00:00Z", "2026-11-28T12:00:00+02:00", "2026-11-28" (midnight UTC).
std::optional<Seconds> parse_iso8601(const std::string& s);
// "YYYY-MM-DD" only.
std::optional<CivilDate> parse_date(const std::string& s);
std::string format_iso8601(Seconds t);  // always UTC with "Z"
std::string format_date(const CivilDate& d);

}  // namespace loyalty
