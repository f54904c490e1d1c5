// Profile patches (issue 14): a webhook's profile is a typed ProfilePatch, read
// by the core and merged by apply_patch, with the meaning the server's JSON
// merge (stored profile as JSON, the profile's keys over it, read back) had.
#include <string>
#include <vector>

#include "helpers.h"
#include "loyalty/profile_patch.h"

using namespace loyalty;
using namespace test;
using Json = loyalty::json;

namespace {

CustomerProfile stored() {
  CustomerProfile p;
  p.id = "c-1";
  p.email = "old@example.com";
  p.birthday = CivilDate{1980, 1, 2};
  p.created_at = 1700000000;
  p.referred_by = "OLDCODE";
  p.devices = {"d-old"};
  return p;
}

// What the server did before patches: the stored profile as JSON, every key of
// the patch but "id" over it, read back by profile_from_json.
Result<CustomerProfile> old_merge(const CustomerProfile& p, const Json& patch) {
  Json merged = to_json(p);
  for (auto it = patch.begin(); it != patch.end(); ++it)
    if (it.key() != "id") merged[it.key()] = it.value();
  return profile_from_json(merged);
}

Json parsed(const std::string& text) {
  auto j = parse_json(text, "patch");
  REQUIRE(j.ok());
  return j.value;
}

std::string errors_text(const Errors& e) { return Result<int>::failure(e).error_text(); }

}  // namespace

TEST_CASE("profile_patch: reads every field, and only what is there", "[profile_patch]") {
  auto r = profile_patch_from_json(parsed(R"({"email":"a@b.c","birthday":"1990-05-14","created_at":"2026-01-02T03:04:05Z",
                                             "referred_by":"FRIEND","devices":["d1",42]})"));
  REQUIRE(r.ok());
  const ProfilePatch& p = r.value;
  CHECK(p.email == std::optional<std::string>("a@b.c"));
  REQUIRE(p.birthday);
  REQUIRE(*p.birthday);
  CHECK(format_date(**p.birthday) == "1990-05-14");
  CHECK(p.created_at == std::optional<Seconds>(at("2026-01-02T03:04:05Z")));
  CHECK(p.referred_by == std::optional<std::string>("FRIEND"));
  CHECK(p.devices == std::optional<std::vector<std::string>>({"d1", "42"}));

  auto only = profile_patch_from_json(parsed(R"({"created_at":1700000001})"));
  REQUIRE(only.ok());
  CHECK_FALSE(only.value.email);
  CHECK_FALSE(only.value.birthday);
  CHECK_FALSE(only.value.referred_by);
  CHECK_FALSE(only.value.devices);
  CHECK(only.value.created_at == std::optional<Seconds>(1700000001));
}

TEST_CASE("profile_patch: apply_patch replaces what is set, keeps the rest, clears with empty", "[profile_patch]") {
  ProfilePatch none;
  const CustomerProfile same = apply_patch(stored(), none);
  CHECK(dump(to_json(same)) == dump(to_json(stored())));

  ProfilePatch some;
  some.email = "new@example.com";
  some.devices = std::vector<std::string>{"d-new"};  // replaced, not appended
  const CustomerProfile p = apply_patch(stored(), some);
  CHECK(p.id == "c-1");
  CHECK(p.email == "new@example.com");
  CHECK(p.devices == std::vector<std::string>{"d-new"});
  CHECK(p.referred_by == "OLDCODE");
  CHECK(p.created_at == 1700000000);
  REQUIRE(p.birthday);
  CHECK(format_date(*p.birthday) == "1980-01-02");

  ProfilePatch clear;
  clear.email = "";
  clear.birthday.emplace();  // set, to no date
  clear.created_at = 0;
  clear.referred_by = "";
  clear.devices.emplace();
  const CustomerProfile cleared = apply_patch(stored(), clear);
  CHECK(dump(to_json(cleared)) == R"({"id":"c-1"})");
}

// The merge's meaning kept exactly: nulls clear, "" and [] clear, "id" and keys a
// profile has no field for are left unread, and a refused value gets the same errors.
TEST_CASE("profile_patch: reading and applying is the old JSON merge, errors included", "[profile_patch]") {
  const std::vector<std::string> patches = {
      R"({})",
      R"({"email":"x@y.z","referred_by":"R1"})",
      R"({"email":null,"birthday":null,"created_at":null,"referred_by":null,"devices":null})",
      R"({"email":"","referred_by":"","devices":[],"created_at":0})",
      R"({"id":"someone-else","first_name":"Ann","tags":{"a":1}})",
      R"({"id":12,"devices":[1,"2",18446744073709551615]})",
      R"({"birthday":"2000-02-29","created_at":-62135596800})",
      R"({"email":7,"birthday":"1990-02-30","created_at":1.5,"referred_by":["x"],"devices":"d"})",
      R"({"birthday":12})",
      R"({"birthday":""})",
      R"({"birthday":"1990-05-14T00:00:00Z"})",
      R"({"created_at":"2026-01-02T03:04:05"})",
      R"({"created_at":253402300800})",
      R"({"devices":["",{"a":1},"ok","a\u0001b",1.5,null,true]})",
      R"({"referred_by":"12345678901234567890123456789012345678901"})",
  };
  for (const auto& text : patches) {
    INFO(text);
    const Json patch = parsed(text);
    const auto before = old_merge(stored(), patch);
    const auto read = profile_patch_from_json(patch);
    REQUIRE(read.ok() == before.ok());
    if (before.ok()) CHECK(dump(to_json(apply_patch(stored(), read.value))) == dump(to_json(before.value)));
    else CHECK(errors_text(read.errors) == errors_text(before.errors));
  }
}

TEST_CASE("profile_patch: every refused field is named under the caller's pointer", "[profile_patch]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"email":["a"]})", "/profile/email: must be a string, not an array"},
      {R"({"email":false})", "/profile/email: must be a string, not a boolean"},
      {R"({"birthday":"14/05/1990"})", "/profile/birthday: must be a date like 1990-05-14"},
      {R"({"birthday":{}})", "/profile/birthday: must be a string, not an object"},
      {R"({"created_at":"yesterday"})", "/profile/created_at: must be an ISO 8601 time with an offset, like 2026-11-28T10:00:00Z"},
      {R"({"created_at":-62135596801})", "/profile/created_at: must be at least -62135596800"},
      {R"({"referred_by":40})", "/profile/referred_by: must be a string, not a number"},
      {R"({"devices":{"0":"d"}})", "/profile/devices: must be an array, not an object"},
      {R"({"devices":["ok",[]]})", "/profile/devices/1: must be a string or an integer id, not an array"},
  };
  for (const auto& [text, error] : cases) {
    INFO(text);
    auto r = profile_patch_from_json(parsed(text), "/profile");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors.front().text() == error);
  }
  auto not_object = profile_patch_from_json(parsed(R"(["email"])"), "/profile");
  REQUIRE_FALSE(not_object.ok());
  CHECK(not_object.errors.front().text() == "/profile: must be an object, not an array");
}

TEST_CASE("profile_patch: hostile sizes are refused by name, not echoed", "[profile_patch]") {
  const std::string huge(1 << 20, 'a');
  Json j = Json::object();
  j["email"] = huge + "@example.com";
  j["referred_by"] = huge;
  Json devices = Json::array();
  for (int i = 0; i < 101; ++i) devices.push_back("d" + std::to_string(i));
  j["devices"] = devices;
  auto r = profile_patch_from_json(j, "/profile");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].text() == "/profile/email: must be at most 254 bytes");
  CHECK(r.errors[1].text() == "/profile/referred_by: must be at most 40 bytes");
  CHECK(r.errors[2].text() == "/profile/devices: must have at most 100 items");
  Json long_device = Json::object();
  long_device["devices"] = Json::array({std::string(129, 'x')});
  auto d = profile_patch_from_json(long_device, "/profile");
  REQUIRE_FALSE(d.ok());
  CHECK(d.errors.front().text() == "/profile/devices/0: must be 1 to 128 characters");
}

// A patch built in code (a platform's payload) meets the reader's limits, with
// its messages: profile_patch_errors refuses what the reader refuses.
TEST_CASE("profile_patch: a patch built in code is checked as the reader checks JSON", "[profile_patch]") {
  ProfilePatch fine;
  fine.email = std::string(kMaxEmailBytes, 'e');
  fine.referred_by = std::string(kMaxReferredByBytes, 'r');
  fine.devices = std::vector<std::string>(kMaxDevices, "d");
  fine.created_at = 253402300799;
  fine.birthday = CivilDate{2000, 2, 29};
  CHECK(profile_patch_errors(fine, "/profile").empty());

  ProfilePatch bad;
  bad.email = std::string(kMaxEmailBytes + 1, 'e');
  bad.birthday = CivilDate{2001, 2, 29};
  bad.created_at = 253402300800;
  bad.referred_by = std::string(kMaxReferredByBytes + 1, 'r');
  bad.devices = std::vector<std::string>{"ok", "", "a\tb", std::string(129, 'x')};
  Json same = Json::object();
  same["email"] = *bad.email;
  same["birthday"] = "2001-02-29";
  same["created_at"] = *bad.created_at;
  same["referred_by"] = *bad.referred_by;
  same["devices"] = *bad.devices;
  const Errors built = profile_patch_errors(bad, "/profile");
  CHECK(built.size() == 7);
  CHECK(errors_text(built) == errors_text(profile_patch_from_json(same, "/profile").errors));

  ProfilePatch many;
  many.devices = std::vector<std::string>(kMaxDevices + 1, "d");
  REQUIRE(profile_patch_errors(many, "/profile").size() == 1);
  CHECK(profile_patch_errors(many, "/profile").front().text() == "/profile/devices: must have at most 100 items");
}
