// Ledger entries are one struct per kind (loyalty/ledger.h): the stored JSON
// keeps its format, and a member of another kind is refused by name, as every
// corrupt row is (issue 14).
#include "helpers.h"

using namespace loyalty;
using namespace test;

namespace {

// One line per kind with every member it records, keys sorted, as to_json writes it.
const std::vector<std::string> kEveryKind = {
    R"({"at":"2026-01-01T00:00:00Z","coupons":["SAVE5"],"expires_at":"2027-01-01T00:00:00Z","key":"earn:1","lines":[{"eligible":2500,"line_id":"a","quantity":2}],"order_eligible":2500,"order_id":"1","order_points":25,"points":25,"program_version":3,"ref":"win_back:1700000000","spend":2500,"tier_points":25,"type":"earn"})",
    R"({"at":"2026-01-15T00:00:00Z","key":"mature:earn:1","order_id":"1","pending":-25,"points":25,"program_version":3,"ref":"earn:1","type":"mature"})",
    R"({"action":"review","at":"2026-01-02T00:00:00Z","event_id":"a1","key":"action:a1","points":10,"program_version":3,"tier_points":10,"type":"action"})",
    R"({"at":"2026-01-03T00:00:00Z","code":"FRIEND-9","customer_id":"ann","key":"referrer:bob","note":"coupon X","order_id":"7","points":0,"program_version":3,"reward_id":"referral","type":"referral","value":1000})",
    R"({"at":"2026-01-04T00:00:00Z","key":"tier:e9","points":0,"program_version":3,"ref":"silver","tier":"gold","type":"tier_change"})",
    R"({"at":"2026-01-04T00:00:00Z","key":"tier-reward:gold","points":50,"program_version":3,"tier":"gold","type":"tier_reward"})",
    R"({"at":"2026-01-05T00:00:00Z","code":"LOY-1","key":"redeem:r1","points":-500,"program_version":3,"ref":"win_back:1700000000","reward_id":"five-off","type":"redeem","value":500})",
    R"({"at":"2026-01-06T00:00:00Z","code":"LOY-1","key":"restore:f1:redeem:r1","order_id":"1","order_points":250,"points":250,"program_version":3,"ref":"redeem:r1","refund_id":"f1","type":"restore"})",
    R"({"at":"2026-01-07T00:00:00Z","key":"expire-inactive:1","note":"no activity for 30 days","points":-40,"program_version":3,"type":"expire"})",
    R"({"at":"2026-01-06T00:00:00Z","key":"clawback:f1","lines":[{"eligible":1250,"line_id":"a","quantity":1}],"order_id":"1","order_points":12,"pending":-2,"points":-10,"program_version":3,"ref":"earn:1","refund_id":"f1","spend":-1250,"tier_points":-12,"type":"clawback"})",
    R"({"at":"2026-01-06T00:00:00Z","key":"held:f1","note":"points already spent","order_id":"1","pending":-5,"points":0,"program_version":3,"ref":"clawback:f1","type":"offset"})",
    R"({"at":"2026-01-08T00:00:00Z","key":"adjust:m1","note":"goodwill","points":15,"program_version":3,"type":"adjust"})",
    R"({"at":"2026-01-09T00:00:00Z","key":"membership:m2","points":0,"program_version":3,"tier":"plus","type":"membership","until":"2026-02-09T00:00:00Z","value":999})",
    R"({"at":"2026-01-10T00:00:00Z","key":"exchange:x1","partner":"summit-air","points":-301,"program_version":3,"type":"exchange","value":451})",
};

Errors entry_errors(const std::string& text) {
  auto e = entry_from_json(parse_json(text, "entry").value);
  return e.errors;
}

}  // namespace

TEST_CASE("ledger: every kind's members read back and write out byte for byte", "[ledger]") {
  REQUIRE(kEveryKind.size() == std::variant_size_v<EntryBody>);
  std::vector<EntryType> seen;
  for (const auto& line : kEveryKind) {
    INFO(line);
    auto e = entry_from_json(parse_json(line, "entry").value);
    REQUIRE(e.ok());
    CHECK(dump(to_json(e.value)) == line);
    seen.push_back(e.value.type());
  }
  for (size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == static_cast<EntryType>(i));  // one line per kind, in order
}

TEST_CASE("ledger: a kind's members live on its struct", "[ledger]") {
  auto earn = entry_from_json(parse_json(kEveryKind[0], "entry").value);
  REQUIRE(earn.ok());
  REQUIRE(earn.value.as<EarnEntry>());
  CHECK(earn.value.as<EarnEntry>()->coupons == std::vector<std::string>{"SAVE5"});
  CHECK(earn.value.as<RedeemEntry>() == nullptr);
  auto moved = entry_from_json(parse_json(kEveryKind[4], "entry").value);
  REQUIRE(moved.ok());
  CHECK(moved.value.as<TierChangeEntry>()->previous_tier == "silver");  // stored as "ref"
  auto member = entry_from_json(parse_json(kEveryKind[12], "entry").value);
  REQUIRE(member.ok());
  CHECK(member.value.as<MembershipEntry>()->plan == "plus");  // stored as "tier"
}

// Failed before the kinds were split: the redeem's "tier" was read, kept in
// memory and dropped on the next write; the lines of an adjust likewise.
TEST_CASE("ledger: a member of another kind is refused, naming it", "[ledger]") {
  const std::string redeem_with_tier =
      R"({"at":"2026-01-05T00:00:00Z","key":"redeem:r1","points":-500,"reward_id":"five-off","tier":"gold","type":"redeem"})";
  CHECK(has_error(entry_errors(redeem_with_tier), "/tier", "not part of an entry of type 'redeem'"));
  CHECK(has_error(entry_errors(R"({"at":0,"key":"a","type":"adjust","lines":[],"note":"x"})"), "/lines", "'adjust'"));
  CHECK(has_error(entry_errors(R"({"at":0,"key":"t","type":"tier_change","until":0})"), "/until", "'tier_change'"));
  CHECK(has_error(entry_errors(R"({"at":0,"key":"e","type":"earn","order_id":"1","value":0})"), "/value", "'earn'"));
  // In a ledger file, the line's pointer.
  auto l = parse_ledger_jsonl(kEveryKind[2] + "\n" + redeem_with_tier + "\n");
  REQUIRE_FALSE(l.ok());
  CHECK(has_error(l.errors, "/1/tier", "'redeem'"));
  // null means absent (platforms send it for "none"), as for every member.
  CHECK(entry_errors(R"({"at":0,"key":"a","type":"adjust","tier":null})").empty());
}
