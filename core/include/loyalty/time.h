// Time as plain integers: seconds since the Unix epoch (UTC). The shop's time
// zone turns an instant into the shop's local calendar day.
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
std::int64_t floor_div(std::int64_t a, std::int64_t b);  // rounds toward -infinity
int days_in_month(int y, int m);

// The shop's clock: an IANA name for people and the zone's POSIX TZ rule
// ("EET-2EEST,M3.5.0/3,M10.5.0/4", the last line of its TZif file), which is
// all the core evaluates, so the browser needs no time-zone database. A fixed
// offset (the old utc_offset_minutes) is a rule without daylight saving.
struct TimeZone {
  struct Change {                 // a POSIX rule date: Jn, n or Mm.w.d
    char kind = 'M';              // 'J' (1..365, no Feb 29), 'N' (0..365), 'M' (month.week.weekday)
    int day = 0, week = 0, month = 0;
    Seconds time = 7200;          // local time of day it happens (may be <0 or >24 h)
  };
  std::string name;               // "Europe/Bucharest"; "" for a bare offset or rule
  std::string rule;               // as given; "" for a fixed offset
  Seconds std_offset = 0;         // seconds east of UTC outside daylight saving
  Seconds dst_offset = 0;         // ... during it
  bool has_dst = false;
  Change start, end;              // daylight saving starts (standard time), ends (daylight time)

  TimeZone() = default;
  // A fixed offset: implicit, so `local_date(t, 60)` reads as before.
  TimeZone(int utc_offset_minutes) : std_offset(static_cast<Seconds>(utc_offset_minutes) * 60) {}

  // Seconds east of UTC at the instant t.
  Seconds offset_at(Seconds t) const;
  // The earliest instant whose local time is `local` (seconds since the local
  // epoch); in a spring-forward gap, the instant the gap begins.
  Seconds to_utc(Seconds local) const;
};

// Parses a POSIX TZ rule (POSIX.1 8.3 with RFC 8536's extended hours), or
// explains in *why what is wrong.
std::optional<TimeZone> parse_tz_rule(const std::string& rule, std::string* why);

// The shop-local calendar date of an instant.
CivilDate local_date(Seconds t, const TimeZone& zone);
// The instant the shop-local day `d` starts.
Seconds local_day_start(const CivilDate& d, const TimeZone& zone);
// Same local date-time `years` later (negative: earlier); Feb 29 becomes Feb 28.
Seconds add_local_years(Seconds t, int years, const TimeZone& zone);
// Monday = 0 .. Sunday = 6, in shop-local time.
int local_weekday(Seconds t, const TimeZone& zone);

// "2026-11-28T10:00:00Z", "2026-11-28T12:00:00+02:00", "2026-11-28" (midnight UTC).
std::optional<Seconds> parse_iso8601(const std::string& s);
// "YYYY-MM-DD" only.
std::optional<CivilDate> parse_date(const std::string& s);
std::string format_iso8601(Seconds t);  // always UTC with "Z"
std::string format_date(const CivilDate& d);

}  // namespace loyalty
