#include "helpers.h"

using namespace loyalty;
using test::at;

TEST_CASE("time: ISO 8601 with Z, offsets and fractions", "[time]") {
  CHECK(parse_iso8601("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_iso8601("2026-11-28T12:00:00+02:00") == parse_iso8601("2026-11-28T10:00:00Z"));
  CHECK(parse_iso8601("2026-11-28T10:00:00-0530") == parse_iso8601("2026-11-28T15:30:00Z"));
  CHECK(parse_iso8601("2025-07-10T16:15:47.000000Z") == parse_iso8601("2025-07-10T16:15:47Z"));
  CHECK(parse_iso8601("2026-11-28") == parse_iso8601("2026-11-28T00:00:00Z"));
  CHECK(format_iso8601(*parse_iso8601("2024-02-29T23:59:59Z")) == "2024-02-29T23:59:59Z");
}

TEST_CASE("time: malformed and offset-less times are refused", "[time]") {
  for (const char* bad : {"", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-28T10:00:00", "2026-11-28T25:00:00Z",
                          "2026-11-28T10:00Z+", "yesterday", "2026-11-28T10:00:00+2:00", "2023-02-29"})
    CHECK_FALSE(parse_iso8601(bad));
}

TEST_CASE("time: leap years and civil dates round-trip", "[time]") {
  CHECK(is_leap_year(2024));
  CHECK_FALSE(is_leap_year(2100));
  CHECK(is_leap_year(2000));
  for (std::int64_t d = -800000; d < 800000; d += 997) {
    CivilDate c = civil_from_days(d);
    CHECK(days_from_civil(c.year, c.month, c.day) == d);
  }
}

TEST_CASE("time: the shop's offset decides the local day and weekday", "[time]") {
  const Seconds t = at("2026-11-28T02:00:00Z");  // Saturday in UTC
  CHECK(local_date(t, 0).day == 28);
  CHECK(local_date(t, -300).day == 27);  // still Friday evening in New York
  CHECK(local_weekday(t, 0) == 5);
  CHECK(local_weekday(t, -300) == 4);
  CHECK(local_day_start(CivilDate{2026, 11, 28}, 120) == at("2026-11-27T22:00:00Z"));
}

TEST_CASE("time: a year back from Feb 29 is Feb 28", "[time]") {
  CHECK(add_local_years(at("2024-02-29T12:00:00Z"), -1, 0) == at("2023-02-28T12:00:00Z"));
  CHECK(add_local_years(at("2026-03-01T00:30:00Z"), -1, 60) == at("2025-03-01T00:30:00Z"));
}
