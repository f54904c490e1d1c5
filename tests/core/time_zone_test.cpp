// Daylight saving: the shop's day, week and year follow its zone's POSIX rule
// (issue 12). Expected instants are the system's tz data (`TZ=... date`).
#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

struct ChangeDay {
  const char* date;          // a Sunday (the clocks change on it, except in Taipei)
  const char* starts;        // local midnight, UTC
  const char* next_starts;   // the next local midnight, UTC
};

struct Zone {
  const char* name;
  const char* rule;
  std::vector<ChangeDay> days;
  const char* new_year_2027;  // local midnight on 1 January 2027, UTC
};

const std::vector<Zone> kZones = {
    {"Europe/Bucharest", "EET-2EEST,M3.5.0/3,M10.5.0/4",
     {{"2026-03-29", "2026-03-28T22:00:00Z", "2026-03-29T21:00:00Z"}, {"2026-10-25", "2026-10-24T21:00:00Z", "2026-10-25T22:00:00Z"}},
     "2026-12-31T22:00:00Z"},
    {"America/New_York", "EST5EDT,M3.2.0,M11.1.0",
     {{"2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"}, {"2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z"}},
     "2027-01-01T05:00:00Z"},
    {"Asia/Taipei", "CST-8",
     {{"2026-03-08", "2026-03-07T16:00:00Z", "2026-03-08T16:00:00Z"}, {"2026-11-01", "2026-10-31T16:00:00Z", "2026-11-01T16:00:00Z"}},
     "2026-12-31T16:00:00Z"},
    {"Australia/Lord_Howe", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",  // 30-minute daylight saving
     {{"2026-04-05", "2026-04-04T13:00:00Z", "2026-04-05T13:30:00Z"}, {"2026-10-04", "2026-10-03T13:30:00Z", "2026-10-04T13:00:00Z"}},
     "2026-12-31T13:00:00Z"},
};

nlohmann::json zone_patch(const Zone& z, const char* extra) {
  nlohmann::json patch = nlohmann::json::parse(extra);
  patch["time_zone"] = z.name;
  patch["time_zone_rule"] = z.rule;
  return patch;
}

Event review_event(const std::string& id, Seconds when) { return action_event(id, "review", when); }

}  // namespace

TEST_CASE("time zone: local midnight on the days the clocks change", "[tz]") {
  for (const Zone& z : kZones) {
    Program p = program(zone_patch(z, "{}"));
    for (const ChangeDay& d : z.days) {
      INFO(z.name << " " << d.date);
      const CivilDate day = *parse_date(d.date);
      CHECK(local_day_start(day, p.zone) == at(d.starts));
      CHECK(format_date(local_date(at(d.starts), p.zone)) == d.date);
      CHECK(format_date(local_date(at(d.starts) - 1, p.zone)) != d.date);
      CHECK(format_date(local_date(at(d.next_starts) - 1, p.zone)) == d.date);
      CHECK(local_weekday(at(d.next_starts) - 1, p.zone) == 6);
      CHECK(local_weekday(at(d.next_starts), p.zone) == 0);
    }
  }
}

TEST_CASE("time zone: a Sunday campaign starts and ends at local midnight on change days", "[tz]") {
  for (const Zone& z : kZones) {
    Program p = program(zone_patch(z, R"({"campaigns": [{"id": "sunday", "starts_at": "2026-01-01T00:00:00Z",
        "ends_at": "2028-01-01T00:00:00Z", "weekdays": [6], "bonus_points": 50}]})"));
    for (const ChangeDay& d : z.days) {
      INFO(z.name << " " << d.date);
      Cart c = cart({line("a", Money{1000})});
      CHECK(quote(p, CustomerState{}, c, at(d.starts) - 1).value.earn.points == 10);
      CHECK(quote(p, CustomerState{}, c, at(d.starts)).value.earn.points == 60);
      CHECK(quote(p, CustomerState{}, c, at(d.next_starts) - 1).value.earn.points == 60);
      CHECK(quote(p, CustomerState{}, c, at(d.next_starts)).value.earn.points == 10);
    }
  }
}

TEST_CASE("time zone: a birthday on a change day comes at local midnight", "[tz]") {
  for (const Zone& z : kZones) {
    for (const ChangeDay& d : z.days) {
      INFO(z.name << " " << d.date);
      Shopper s(program(zone_patch(z, R"({"actions": [{"type": "birthday", "points": 100}]})")));
      CivilDate born = *parse_date(d.date);
      born.year = 1990;
      s.c.profile.birthday = born;
      s.c.profile.created_at = at("2025-01-01T00:00:00Z");
      CHECK(s.state(at(d.starts) - 1).balance == 0);
      CHECK(s.state(at(d.starts)).balance == 100);
      auto tick = s.apply_ok(tick_event("tick", at(d.next_starts)));
      REQUIRE(tick.entries.size() == 1);
      CHECK(tick.entries[0].at == at(d.starts));
    }
  }
}

TEST_CASE("time zone: a per-day limit resets at local midnight across the change", "[tz]") {
  for (const Zone& z : kZones) {
    for (const ChangeDay& d : z.days) {
      INFO(z.name << " " << d.date);
      Shopper s(program(zone_patch(z, R"({"actions": [{"type": "review", "points": 5, "limits": {"per_day": 1}}]})")));
      s.apply_ok(review_event("r1", at(d.starts) - 1));  // Saturday's last second
      s.apply_ok(review_event("r2", at(d.starts)));      // Sunday's first
      CHECK(has_error(s.apply_fails(review_event("r3", at(d.next_starts) - 1)), "/action", d.next_starts));
      s.apply_ok(review_event("r4", at(d.next_starts)));
      CHECK(s.state(at(d.next_starts)).balance == 15);
    }
  }
}

TEST_CASE("time zone: a calendar-year tier ends at local New Year", "[tz]") {
  for (const Zone& z : kZones) {
    INFO(z.name);
    Shopper s(program(zone_patch(z, R"({"tier_rules": {"window": "calendar_year"},
        "tiers": [{"id": "gold", "name": "Gold", "threshold": 100}]})")));
    const Seconds new_year = at(z.new_year_2027);
    s.apply_ok(order_event("1", cart({line("a", Money{10000})}), new_year - 1));
    CHECK(s.state(new_year - 1).tier.current == "gold");
    CHECK(s.state(new_year).tier.current == "");
    CHECK(s.state(new_year).tier.value == 0);
  }
}

TEST_CASE("time zone: rules are read exactly or refused by field", "[tz]") {
  std::string why;
  auto lh = parse_tz_rule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", &why);
  REQUIRE(lh);
  CHECK(lh->std_offset == 37800);
  CHECK(lh->dst_offset == 39600);
  auto ny = parse_tz_rule("EST5EDT", &why);  // no dates: the US rule, as glibc reads it
  REQUIRE(ny);
  CHECK(ny->offset_at(at("2026-07-01T12:00:00Z")) == -4 * 3600);
  auto julian = parse_tz_rule("XXX3YYY,J60/0,300", &why);  // J60 is 1 March even in leap years
  REQUIRE(julian);
  CHECK(julian->offset_at(at("2028-03-01T03:00:00Z")) == -2 * 3600);
  CHECK(julian->offset_at(at("2028-03-01T02:59:59Z")) == -3 * 3600);
  for (const char* bad : {"", "E5", "EST", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
                          "EST5EDT,M3.2.7,M11.1.0", "EST25", "EST5EDT,M3.2.0/200,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x", "<AB>5"}) {
    INFO(bad);
    CHECK_FALSE(parse_tz_rule(bad, &why));
  }
  CHECK(has_error(program_errors(nlohmann::json::parse(R"({"time_zone": "Europe/Bucharest"})")), "/time_zone_rule", "is required"));
  CHECK(has_error(program_errors(nlohmann::json::parse(R"({"time_zone": "Europe/Bucharest", "time_zone_rule": "EET-2EEST,M3.5.0/3"})")),
                  "/time_zone_rule"));
  CHECK(has_error(program_errors(nlohmann::json::parse(R"({"time_zone": "../../etc/passwd", "time_zone_rule": "UTC0"})")), "/time_zone"));
  CHECK(has_error(program_errors(nlohmann::json::parse(R"({"time_zone": "", "time_zone_rule": "UTC0"})")), "/time_zone", "IANA"));
  CHECK(has_error(program_errors(nlohmann::json::parse(R"({"time_zone": "Asia/Taipei", "time_zone_rule": "CST-8", "utc_offset_minutes": 480})")),
                  "/utc_offset_minutes"));
  CHECK(program(nlohmann::json::parse(R"({"utc_offset_minutes": 60})")).zone.offset_at(0) == 3600);  // older programs still read
}
