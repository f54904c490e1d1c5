// POSIX TZ rules, evaluated by the core itself (the same code natively and in
// the browser): "EET-2EEST,M3.5.0/3,M10.5.0/4", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0".
#include <algorithm>

#include "loyalty/result.h"
#include "loyalty/time.h"

namespace loyalty {

namespace {

class RuleReader {
 public:
  explicit RuleReader(const std::string& s) : s_(s) {}
  bool done() const { return pos_ == s_.size(); }
  bool eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) return ++pos_, true;
    return false;
  }
  bool peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool at_name_start() const { return pos_ < s_.size() && (s_[pos_] == '<' || is_alpha(s_[pos_])); }

  // "EET" (3+ letters) or "<+1030>" (3+ of letters, digits, + and -).
  bool name() {
    if (eat('<')) {
      size_t n = 0;
      while (pos_ < s_.size() && (is_alpha(s_[pos_]) || is_digit(s_[pos_]) || s_[pos_] == '+' || s_[pos_] == '-')) ++pos_, ++n;
      return n >= 3 && eat('>');
    }
    size_t n = 0;
    while (pos_ < s_.size() && is_alpha(s_[pos_])) ++pos_, ++n;
    return n >= 3;
  }

  // [+-]hh[:mm[:ss]] with hours up to max_hours.
  bool duration(Seconds* out, int max_hours) {
    const bool negative = eat('-');
    if (!negative) eat('+');
    int h, m = 0, sec = 0;
    if (!number(&h, 3) || h > max_hours) return false;
    if (eat(':')) {
      if (!number(&m, 2) || m > 59) return false;
      if (eat(':') && (!number(&sec, 2) || sec > 59)) return false;
    }
    *out = (negative ? -1 : 1) * (static_cast<Seconds>(h) * 3600 + m * 60 + sec);
    return true;
  }

  // Jn, n or Mm.w.d, then an optional /time.
  bool change(TimeZone::Change* c) {
    if (eat('M')) {
      c->kind = 'M';
      if (!number(&c->month, 2) || c->month < 1 || c->month > 12 || !eat('.')) return false;
      if (!number(&c->week, 1) || c->week < 1 || c->week > 5 || !eat('.')) return false;
      if (!number(&c->day, 1) || c->day > 6) return false;
    } else if (eat('J')) {
      c->kind = 'J';
      if (!number(&c->day, 3) || c->day < 1 || c->day > 365) return false;
    } else {
      c->kind = 'N';
      if (!number(&c->day, 3) || c->day > 365) return false;
    }
    c->time = 7200;
    return !eat('/') || duration(&c->time, 167);
  }

 private:
  static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  bool number(int* out, size_t max_digits) {
    size_t n = 0;
    int v = 0;
    while (pos_ < s_.size() && is_digit(s_[pos_]) && n < max_digits) v = v * 10 + (s_[pos_++] - '0'), ++n;
    *out = v;
    return n > 0;
  }

  const std::string& s_;
  size_t pos_ = 0;
};

// The local (standard or daylight, as the rule says) instant of a change in year y.
Seconds change_local(const TimeZone::Change& c, int y) {
  std::int64_t days = days_from_civil(y, 1, 1);
  if (c.kind == 'J') days += c.day - 1 + (is_leap_year(y) && c.day >= 60 ? 1 : 0);
  else if (c.kind == 'N') days += c.day;
  else {
    const std::int64_t first = days_from_civil(y, c.month, 1);
    const int first_weekday = static_cast<int>(((first % 7) + 7 + 4) % 7);  // 0 = Sunday; 1970-01-01 was a Thursday
    int day = 1 + (c.day - first_weekday + 7) % 7 + (c.week - 1) * 7;
    while (day > days_in_month(y, c.month)) day -= 7;  // week 5: the last one
    days = first + day - 1;
  }
  return days * kDay + c.time;
}

}  // namespace

std::optional<TimeZone> parse_tz_rule(const std::string& rule, std::string* why) {
  TimeZone z;
  z.rule = rule;
  RuleReader r(rule);
  Seconds west = 0;
  auto fail = [&](std::string what) -> std::optional<TimeZone> {
    *why = std::move(what);
    return std::nullopt;
  };
  if (rule.size() > 100) return fail(LOYALTY_WHY("is too long for a POSIX TZ rule"));
  if (!r.name()) return fail(LOYALTY_WHY("must start with a zone abbreviation (3+ letters, or <+0330> style)"));
  if (!r.duration(&west, 24)) return fail(LOYALTY_WHY("needs the standard offset after the abbreviation, like EST5 or CET-1"));
  z.std_offset = -west;  // POSIX counts hours west of Greenwich
  z.dst_offset = z.std_offset;
  if (r.done()) return z;
  if (!r.at_name_start() || !r.name()) return fail(LOYALTY_WHY("has something other than a daylight-saving abbreviation after the offset"));
  z.has_dst = true;
  z.dst_offset = z.std_offset + 3600;  // an hour ahead unless it says otherwise
  if (!r.done() && !r.peek(',')) {
    if (!r.duration(&west, 24)) return fail(LOYALTY_WHY("has a daylight-saving offset that is not [+-]hh[:mm[:ss]]"));
    z.dst_offset = -west;
  }
  if (r.done()) {
    z.start = {'M', 0, 2, 3};  // POSIX leaves the dates to the system: the US rule, as glibc does
    z.end = {'M', 0, 1, 11};
    return z;
  }
  if (!r.eat(',') || !r.change(&z.start) || !r.eat(',') || !r.change(&z.end))
    return fail(LOYALTY_WHY("has a change date that is not Jn, n or Mm.w.d[/time]"));
  if (!r.done()) return fail(LOYALTY_WHY("has text after the end of daylight saving"));
  return z;
}

Seconds TimeZone::offset_at(Seconds t) const {
  if (!has_dst) return std_offset;
  // The year as standard time reads it; daylight saving starts in standard
  // time and ends in daylight time.
  const int y = civil_from_days(floor_div(t + std_offset, kDay)).year;
  const Seconds begins = change_local(start, y) - std_offset;
  const Seconds ends = change_local(end, y) - dst_offset;
  const bool in_dst = begins < ends ? (t >= begins && t < ends)     // northern: inside [start, end)
                                    : !(t >= ends && t < begins);  // southern: outside [end, start)
  return in_dst ? dst_offset : std_offset;
}

Seconds TimeZone::to_utc(Seconds local) const {
  Seconds best = 0;
  bool found = false;
  for (Seconds o : {std_offset, dst_offset}) {
    const Seconds t = local - o;
    if (offset_at(t) == o && (!found || t < best)) best = t, found = true;
  }
  if (found) return best;
  // A local time the clocks skip: the day (or hour) starts when they jump.
  Seconds lo = local - std::max(std_offset, dst_offset), hi = local - std::min(std_offset, dst_offset);
  const Seconds before = offset_at(lo);
  while (hi - lo > 1) {
    const Seconds mid = lo + (hi - lo) / 2;
    (offset_at(mid) == before ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace loyalty
