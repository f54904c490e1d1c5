// A change to a customer's profile, typed: what a webhook says of the shopper
// (email, birthday, referral code used, devices, signup time). The server's
// mappers build one from a platform's payload or read it from a generic
// sender's "profile" object; the core merges it with apply_patch. JSON stays
// at the edge (profile_patch_from_json). Nothing here throws.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/json.h"
#include "loyalty/ledger.h"
#include "loyalty/result.h"

namespace loyalty {

// Each member is set (replaces the profile's field) or not (keeps it). A field
// is cleared by setting it empty: "" (email, referred_by), 0 (created_at), no
// devices, or a birthday set to no date; in JSON, null clears any field, as do
// "" and [] where they are valid. The whole list of devices is replaced, never
// appended to. The customer's id is never patched.
struct ProfilePatch {
  std::optional<std::string> email;
  std::optional<std::optional<CivilDate>> birthday;  // set to std::nullopt: cleared
  std::optional<Seconds> created_at;
  std::optional<std::string> referred_by;
  std::optional<std::vector<std::string>> devices;
};

// What a profile holds at most (profile_from_json refuses more).
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMaxReferredByBytes = 40;
constexpr std::size_t kMaxDevices = 100;

// {"email"?, "birthday"? ("1990-05-14"), "created_at"? (ISO 8601 or epoch
// seconds), "referred_by"?, "devices"? (ids)}: errors name the field under
// `at` ("/profile/birthday"). "id" and keys the profile has no field for are
// left unread, as the server's merge always left them (server/README.md lists
// what a generic webhook's profile carries; it does not close the list).
Result<ProfilePatch> profile_patch_from_json(const json& j, const std::string& at = "");

// A patch built in code (a platform's payload) checked against what the reader
// enforces, with its messages: a profile that is saved is always one
// profile_from_json reads back. Empty when the patch is fine.
Errors profile_patch_errors(const ProfilePatch& patch, const std::string& at = "");

// The profile with the patch's set fields replacing its own. Pure; the patch is
// taken as checked (by the reader or profile_patch_errors).
CustomerProfile apply_patch(CustomerProfile profile, const ProfilePatch& patch);

}  // namespace loyalty
