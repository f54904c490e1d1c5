// Program JSON -> validated Program. Every error names its field.
#include <algorithm>
#include <utility>

#include "program_read.h"
#include "translations_json.h"
#include "loyalty/json_io.h"

namespace loyalty {

namespace {

bool valid_currency(const std::string& c) {
  return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

// The currency's minor unit digits as ISO 4217 lists them (0 for JPY, 3 for
// KWD, 2 for EUR and any code the list does not name): a program's
// minor_digits when it gives none, so a yen shop's 1234 is 1,234 yen. The
// codes whose minor unit is not 2 digits, one string per digit count (a
// table of structs would cost the widget's wasm more).
int currency_minor_digits(const std::string& currency) {
  static const char* const kByDigits[] = {
      "BIFCLPDJFGNFISKJPYKMFKRWPYGRWFUGXUYIVNDVUVXAFXOFXPF",  // 0
      "", "",
      "BHDIQDJODKWDLYDOMRTND",  // 3
      "CLFUYW",                 // 4
  };
  if (currency.size() != 3) return 2;
  for (int digits = 0; digits < 5; ++digits)
    for (const char* c = kByDigits[digits]; *c; c += 3)
      if (currency.compare(0, 3, c, 3) == 0) return digits;
  return 2;
}

}  // namespace

// time_zone (IANA name) + time_zone_rule (its POSIX rule), or the older fixed
// utc_offset_minutes. The rule is what the core evaluates; the CLI and the
// server fill it from the system's tz data when a program gives only the name.
void read_time_zone(JsonReader& r, const json& root, Program& p) {
  const bool has_name = r.member(root, "", "time_zone", false) != nullptr;
  const bool has_rule = r.member(root, "", "time_zone_rule", false) != nullptr;
  if (!has_name && !has_rule) {
    p.zone = TimeZone(static_cast<int>(r.integer(root, "", "utc_offset_minutes", false, 0, -14 * 60, 14 * 60)));
    return;
  }
  if (r.member(root, "", "utc_offset_minutes", false))
    r.fail("/utc_offset_minutes", LOYALTY_WHY("must not be given with /time_zone (the zone's rule decides the offset)"));
  const size_t before = r.mark();
  const std::string name = r.text(root, "", "time_zone", false, "", 64);
  const bool name_chars = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' || c == '+';
  });
  // An empty name is no zone either (the schema's pattern wants 1 to 64 of these characters).
  if (has_name && !r.failed_since(before) && (name.empty() || !name_chars))
    r.fail("/time_zone", LOYALTY_WHY("must be an IANA time zone name like Europe/Bucharest"));
  if (!has_rule) {
    r.fail("/time_zone_rule", LOYALTY_WHY("is required with /time_zone: the zone's POSIX rule, like EET-2EEST,M3.5.0/3,M10.5.0/4 "
                              "(loyalty and loyalty-server fill it from the system's tz data)"));
    return;
  }
  const std::string rule = r.text(root, "", "time_zone_rule", true, "", 100);
  std::string why;
  auto zone = parse_tz_rule(rule, &why);
  if (!zone) {
    if (!rule.empty()) r.fail("/time_zone_rule", LOYALTY_WHY(why + " (like EET-2EEST,M3.5.0/3,M10.5.0/4)"));
    return;
  }
  p.zone = *zone;
  p.zone.name = name;
}

namespace {

// The top-level fields; false when the root is not an object.
bool read_head(JsonReader& r, const json& root, Program& p) {
  if (!r.is_object(root, "")) return false;
  r.only_keys(root, "", {"$schema", "shop", "name", "version", "currency", "minor_digits", "utc_offset_minutes", "time_zone",
                         "time_zone_rule", "earn",
                         "multipliers", "campaigns", "member_events", "actions", "rewards", "tier_rules", "tiers", "referral", "lifecycle",
                         "memberships", "partners", "free_shipping_threshold", "churn_days", "win_back", "translations"});
  p.shop = r.id(root, "", "shop", true);
  p.name = r.text(root, "", "name", true);
  p.version = r.integer(root, "", "version", true, 1, 1, 1000000000);
  p.currency = r.text(root, "", "currency", true, "USD", 3);
  if (!p.currency.empty() && !valid_currency(p.currency)) r.fail("/currency", LOYALTY_WHY("must be an ISO 4217 code like USD"));
  // Left out: the currency's own (ISO 4217), decided here only (the widget and the demo read it back).
  p.minor_digits = static_cast<int>(r.integer(root, "", "minor_digits", false, currency_minor_digits(p.currency), 0, 4));
  return true;
}

// Which sections a read covers: every one, or only what a quote looks at
// (actions, referral, lifecycle, partners, churn_days, win_back and
// translations left at their defaults; member_events too where quotes leave them out).
enum class Sections { All, Quoting };

// The sections in document order. A template rather than a flag: the Quoting
// instance names none of the other readers, so the widget's wasm links none.
template <Sections kSections>
Result<Program> read_program(const json& root) {
  constexpr bool all = kSections == Sections::All;
  Errors errors;
  JsonReader r(errors, JsonReader::Null::Refused);
  Program p;
  if (!read_head(r, root, p)) return Result<Program>::failure(errors);
  read_time_zone(r, root, p);
  read_earn(r, root, p);
  read_multipliers(r, root, p);
  read_campaigns(r, root, p);
  if constexpr (all) read_actions(r, root, p);
  read_rewards(r, root, p);
  read_tiers(r, root, p);
  if constexpr (all) {
    read_referral(r, root, p);
    read_lifecycle(r, root, p);
  }
  read_memberships(r, root, p);
  // Quotes apply member events, except in the widget's lean wasm
  // (LOYALTY_QUOTES_WITHOUT_MEMBER_EVENTS: its reader costs the first view more
  // than the page budget has); the widget quotes a program that has them with
  // its events build (web/src/shared/core-router.js).
#ifdef LOYALTY_QUOTES_WITHOUT_MEMBER_EVENTS
  if constexpr (all) read_member_events(r, root, p);
#else
  read_member_events(r, root, p);
#endif
  if constexpr (all) read_partners(r, root, p);
  p.free_shipping_threshold = r.amount<Money>(root, "", "free_shipping_threshold", false, 0, 0, kMaxAmount);
  if constexpr (all) {
    p.churn_days = r.integer(root, "", "churn_days", false, 0, 0, kMaxDays);
    read_win_back(r, root, p);
    read_translations(r, root, &p.translations);
  }
  return collected(std::move(errors), std::move(p));
}

}  // namespace

Result<Program> program_from_json(const json& root) { return read_program<Sections::All>(root); }

Result<Program> quoting_program_from_json(const json& root) { return read_program<Sections::Quoting>(root); }

Result<Program> parse_program(const std::string& text) {
  return parse_json_as<Program>(text, "program", [](const json& j) { return program_from_json(j); });
}

Result<Program> parse_program_for_quotes(const std::string& text) {
  return parse_json_as<Program>(text, "program", [](const json& j) { return quoting_program_from_json(j); });
}

}  // namespace loyalty
