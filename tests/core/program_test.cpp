#include "helpers.h"

using namespace loyalty;
using test::has_error;
using test::program_errors;

TEST_CASE("program: the three example programs validate", "[program]") {
  for (const char* name : {"coffee-shop", "fashion-store", "premium-membership"}) {
    INFO(name);
    Program p = test::example(name);
    CHECK(p.version == 1);
  }
  Program f = test::example("fashion-store");
  CHECK(f.tiers.tiers.size() == 3);
  CHECK(f.tiers.basis == TierBasis::AmountSpent);
  CHECK(f.referral.enabled);
  Program m = test::example("premium-membership");
  CHECK(m.memberships.size() == 2);
  CHECK(m.partners.size() == 1);
}

TEST_CASE("program: tier thresholds must ascend, named by pointer", "[program]") {
  auto errors = program_errors(nlohmann::json::parse(R"({"tiers": [
      {"id": "gold", "name": "Gold", "threshold": 1000},
      {"id": "silver", "name": "Silver", "threshold": 500}]})"));
  CHECK(has_error(errors, "/tiers/1/threshold", "must be greater than /tiers/0/threshold"));
}

TEST_CASE("program: every kind of invalid field is named", "[program]") {
  struct Case { const char* patch; const char* pointer; const char* fragment; };
  const Case cases[] = {
      {R"({"currency": "usd"})", "/currency", "ISO 4217"},
      {R"({"version": 0})", "/version", "at least 1"},
      {R"({"version": "2"})", "/version", "integer"},
      {R"({"earn": {"points": 1.5}})", "/earn/points", "whole number"},
      {R"({"earn": {"per_amount": 0}})", "/earn/per_amount", "at least 1"},
      {R"({"earn": {"rounding": "banker"}})", "/earn/rounding", "one of"},
      {R"({"earn": {"pointz": 1}})", "/earn/pointz", "unknown field"},
      {R"({"earn": {"basis": {"exclude_tax": "yes"}}})", "/earn/basis/exclude_tax", "true or false"},
      {R"({"colour": "red"})", "/colour", "unknown field"},
      {R"({"utc_offset_minutes": 900})", "/utc_offset_minutes", "at most"},
      {R"({"multipliers": [{"id": "m", "percent": 200}]})", "/multipliers/0/applies_to", "required"},
      {R"({"multipliers": [{"id": "m", "applies_to": {"tags": ["x"]}, "percent": 20000}]})", "/multipliers/0/percent", "at most"},
      {R"({"campaigns": [{"id": "c", "starts_at": "2026-02-01T00:00:00Z", "ends_at": "2026-01-01T00:00:00Z", "percent": 200}]})",
       "/campaigns/0/ends_at", "must be after"},
      {R"({"campaigns": [{"id": "c", "starts_at": "2026-01-01", "ends_at": "2026-02-01"}]})", "/campaigns/0", "does nothing"},
      {R"({"campaigns": [{"id": "c", "starts_at": "soon", "ends_at": "2026-02-01", "percent": 200}]})", "/campaigns/0/starts_at", "ISO 8601"},
      {R"({"campaigns": [{"id": "c", "starts_at": "2026-01-01", "ends_at": "2026-02-01", "percent": 200, "weekdays": [7]}]})",
       "/campaigns/0/weekdays/0", "at most 6"},
      {R"({"actions": [{"type": "dance", "points": 5}]})", "/actions/0/type", "unknown action type"},
      {R"({"actions": [{"type": "review", "points": 5, "self_claimed": true}]})", "/actions/0/self_claimed", "verified by the shop"},
      {R"({"actions": [{"type": "social_follow", "points": 5, "self_claimed": true}]})", "/actions/0/limits", "needs a limit"},
      {R"({"actions": [{"type": "review", "points": 5}, {"type": "review", "points": 6}]})", "/actions/1/type", "duplicates"},
      {R"({"actions": [{"type": "review", "points": 5, "limits": {"per_day": 3, "per_month": 2}}]})", "/actions/0/limits/per_month", "at least"},
      {R"({"rewards": [{"id": "r", "name": "R", "kind": "voucher", "cost": 10}]})", "/rewards/0/kind", "one of"},
      {R"({"rewards": [{"id": "r", "name": "R", "kind": "fixed_discount", "cost": 10}]})", "/rewards/0/amount", "required"},
      {R"({"rewards": [{"id": "r", "name": "R", "kind": "fixed_discount", "cost": 0, "amount": 5}]})", "/rewards/0/cost", "at least 1"},
      {R"({"rewards": [{"id": "r", "name": "R", "kind": "percent_discount", "cost": 10, "percent": 101}]})", "/rewards/0/percent", "at most 100"},
      {R"({"rewards": [{"id": "r", "name": "R", "kind": "variable", "points_step": 100, "amount_per_step": 100, "min_points": 150}]})",
       "/rewards/0/min_points", "multiple"},
      {R"({"rewards": [{"id": "r", "name": "R", "kind": "variable", "points_step": 100, "amount_per_step": 100, "min_points": 500, "max_points": 200}]})",
       "/rewards/0/max_points", "at least"},
      {R"({"rewards": [{"id": "r", "name": "R", "kind": "free_product", "cost": 10, "product_value": 100}]})", "/rewards/0/product_id", "required"},
      {R"({"rewards": [{"id": "r", "name": "R", "kind": "fixed_discount", "cost": 10, "amount": 5, "tiers": ["gold"]}]})",
       "/rewards/0/tiers/0", "no tier"},
      {R"({"tiers": [{"id": "t", "name": "T", "threshold": 0}]})", "/tiers/0/threshold", "at least 1"},
      {R"({"tiers": [{"id": "t", "name": "T", "threshold": 5, "multiplier_percent": 50}]})", "/tiers/0/multiplier_percent", "at least 100"},
      {R"({"tier_rules": {"window": "fortnight"}})", "/tier_rules/window", "one of"},
      {R"({"referral": {"referrer": {"kind": "points", "points": 10}}})", "/referral/referee", "required"},
      {R"({"referral": {"referrer": {"kind": "points"}, "referee": {"kind": "fixed_discount", "amount": 500}}})",
       "/referral/referrer/points", "required"},
      {R"({"lifecycle": {"expiry": "after_earning"}})", "/lifecycle/expiry_days", "required"},
      {R"({"lifecycle": {"negative_balance": "whatever"}})", "/lifecycle/negative_balance", "one of"},
      {R"({"memberships": [{"id": "m", "name": "M", "fee": 0}]})", "/memberships/0/fee", "at least 1"},
      {R"({"partners": [{"id": "p", "name": "P", "partner_points": 1, "our_points": 1, "allow_in": false, "allow_out": false}]})",
       "/partners/0/allow_out", "at least one direction"},
      {R"({"earn": {"points": 99999999999999999999}})", "/earn/points", ""},
      {R"({"shop": ""})", "/shop", ""},
      {R"({"name": null})", "/name", "required"},
  };
  for (const auto& c : cases) {
    INFO(c.patch);
    auto errors = program_errors(nlohmann::json::parse(c.patch));
    std::string all;
    for (const auto& e : errors) all += e.text() + "\n";
    INFO(all);
    CHECK(has_error(errors, c.pointer, c.fragment));
  }
}

TEST_CASE("program: text that is not a program gets one clear error", "[program]") {
  for (const char* text : {"", "[]", "{", "null", "{\"shop\": }", "\xff\xfe"}) {
    auto r = parse_program(text);
    REQUIRE_FALSE(r.ok());
    CHECK_FALSE(r.errors.front().message.empty());
  }
  std::string deep(10000, '[');
  auto r = parse_program(deep);
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors.front().message.find("nests deeper") != std::string::npos);
}

TEST_CASE("program: several errors are all reported at once", "[program]") {
  auto r = parse_program(test::read_text(std::string(LOYALTY_SOURCE_DIR) + "/tests/core/fixtures/broken-program.json"));
  REQUIRE_FALSE(r.ok());
  CHECK(has_error(r.errors, "/currency"));
  CHECK(has_error(r.errors, "/earn/points"));
  CHECK(has_error(r.errors, "/earn/per_amount"));
  CHECK(has_error(r.errors, "/tiers/1/threshold", "must be greater than /tiers/0/threshold"));
  CHECK(has_error(r.errors, "/rewards/0/kind"));
}

TEST_CASE("program: a customer profile round-trips through JSON", "[program]") {
  CustomerProfile p;
  p.id = "820982911946154508";
  p.email = "ann@example.com";
  p.birthday = CivilDate{1990, 2, 28};
  p.created_at = 1700000000;
  p.referred_by = "ABCD-EFGH";
  p.devices = {"d1", "d2"};
  auto back = profile_from_json(to_json(p));
  REQUIRE(back.ok());
  CHECK(back.value.id == p.id);
  CHECK(back.value.email == p.email);
  CHECK(back.value.birthday->day == 28);
  CHECK(back.value.created_at == p.created_at);
  CHECK(back.value.referred_by == p.referred_by);
  CHECK(back.value.devices == p.devices);
}

TEST_CASE("program: a null field is refused by name, as the schema refuses it", "[program]") {
  // The schema allows no null anywhere; the engine used to read it as absent.
  auto r = parse_program(R"({"shop":"s","name":"n","version":1,"currency":"USD","earn":{"points":1,"rounding":null},"churn_days":null})");
  REQUIRE_FALSE(r.ok());
  CHECK(test::has_error(r.errors, "/earn/rounding", "must not be null"));
  CHECK(test::has_error(r.errors, "/churn_days", "must not be null"));
  CHECK_FALSE(parse_program(R"({"shop":null,"name":"n","version":1,"currency":"USD","earn":{"points":1}})").ok());
}

TEST_CASE("program: minor_digits left out is the currency's own (ISO 4217); given, it is kept", "[program]") {
  const auto digits = [](const std::string& currency, const std::string& extra = "") {
    auto r = parse_program(R"({"shop":"s","name":"n","version":1,"currency":")" + currency + R"(","earn":{"points":1})" + extra + "}");
    REQUIRE(r.ok());
    return r.value.minor_digits;
  };
  CHECK(digits("JPY") == 0);
  CHECK(digits("KRW") == 0);
  CHECK(digits("KWD") == 3);
  CHECK(digits("CLF") == 4);
  CHECK(digits("EUR") == 2);
  CHECK(digits("XAU") == 2);  // not in the list: 2
  CHECK(digits("JPY", R"(,"minor_digits":2)") == 2);
  // Written back (what the server serves and the widget reads): the digits the core decided.
  const std::string written = dump(to_json(parse_program(R"({"shop":"s","name":"n","version":1,"currency":"JPY","earn":{"points":1}})").value));
  CHECK(written.find("\"minor_digits\":0") != std::string::npos);
}
