#include "loyalty/time.h"


namespace loyalty {

// Howard Hinnant's civil-date algorithms (public domain), exact for any int64 day.
std::int64_t days_from_civil(int y, int m, int d) {
  std::int64_t yy = static_cast<std::int64_t>(y) - (m <= 2 ? 1 : 0);
  const std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const std::int64_t yoe = yy - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp + (mp < 10 ? 3 : -9);
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && is_leap_year(y)) return 29;
  return days[(m - 1) % 12];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

CivilDate local_date(Seconds t, const TimeZone& zone) {
  return civil_from_days(floor_div(t + zone.offset_at(t), kDay));
}

Seconds local_day_start(const CivilDate& d, const TimeZone& zone) {
  return zone.to_utc(days_from_civil(d.year, d.month, d.day) * kDay);
}

Seconds add_local_years(Seconds t, int years, const TimeZone& zone) {
  const Seconds local = t + zone.offset_at(t);
  const std::int64_t days = floor_div(local, kDay);
  const Seconds time_of_day = local - days * kDay;
  CivilDate d = civil_from_days(days);
  d.year += years;
  if (d.day > days_in_month(d.year, d.month)) d.day = days_in_month(d.year, d.month);
  return zone.to_utc(days_from_civil(d.year, d.month, d.day) * kDay + time_of_day);
}

int local_weekday(Seconds t, const TimeZone& zone) {
  const std::int64_t days = floor_div(t + zone.offset_at(t), kDay);
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

namespace {

bool read_digits(const std::string& s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool valid_date(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

}  // namespace

std::optional<CivilDate> parse_date(const std::string& s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!read_digits(s, 0, 4, &y) || !read_digits(s, 5, 2, &m) || !read_digits(s, 8, 2, &d)) return std::nullopt;
  if (!valid_date(y, m, d)) return std::nullopt;
  return CivilDate{y, m, d};
}

std::optional<Seconds> parse_iso8601(const std::string& s) {
  auto date = parse_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  Seconds t = days_from_civil(date->year, date->month, date->day) * kDay;
  if (s.size() == 10) return t;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int hh, mm, ss = 0;
  if (!read_digits(s, 11, 2, &hh) || s.size() < 16 || s[13] != ':' || !read_digits(s, 14, 2, &mm)) return std::nullopt;
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!read_digits(s, pos + 1, 2, &ss)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {  // fractions are dropped
      ++pos;
      size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  if (ss == 60) ss = 59;  // a leap second reads as the second before
  t += hh * 3600 + mm * 60 + ss;
  if (pos == s.size()) return std::nullopt;  // an offset is required: local time is ambiguous
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return t;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int oh, om;
  if (!read_digits(s, pos + 1, 2, &oh)) return std::nullopt;
  size_t mpos = pos + 3;
  if (mpos < s.size() && s[mpos] == ':') ++mpos;
  if (!read_digits(s, mpos, 2, &om) || mpos + 2 != s.size() || oh > 23 || om > 59) return std::nullopt;
  const Seconds offset = oh * 3600 + om * 60;
  return s[pos] == '+' ? t - offset : t + offset;
}

namespace {

// Zero-padded decimal without printf (which would triple the wasm's libc).
void put_padded(std::string& out, std::int64_t v, int width) {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  std::string digits = std::to_string(v);
  if (static_cast<int>(digits.size()) < width) out.append(static_cast<size_t>(width) - digits.size(), '0');
  out += digits;
}

}  // namespace

std::string format_date(const CivilDate& d) {
  std::string out;
  put_padded(out, d.year, 4);
  out += '-';
  put_padded(out, d.month, 2);
  out += '-';
  put_padded(out, d.day, 2);
  return out;
}

std::string format_iso8601(Seconds t) {
  const std::int64_t days = floor_div(t, kDay);
  const Seconds rem = t - days * kDay;
  std::string out = format_date(civil_from_days(days));
  out += 'T';
  put_padded(out, rem / 3600, 2);
  out += ':';
  put_padded(out, rem / 60 % 60, 2);
  out += ':';
  put_padded(out, rem % 60, 2);
  out += 'Z';
  return out;
}

}  // namespace loyalty
