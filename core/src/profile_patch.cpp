// Profile patches: read from JSON, checked when built in code, applied.
#include "loyalty/profile_patch.h"

#include "json_reader.h"

namespace loyalty {

namespace {

bool has(const json& j, const char* key) { return j.find(key) != j.end(); }

// The limits the reader's JsonReader::text enforces, for text set in code.
void check_length(Errors& errors, const std::string& at, const char* key, const std::optional<std::string>& s, std::size_t max) {
  if (s && s->size() > max) errors.push_back({pointer_child(at, key), LOYALTY_WHY("must be at most " + std::to_string(max) + " bytes")});
}

}  // namespace

// A member that is there is set, null included (JsonReader reads null as
// absent: the fallback, which is the field's empty value, so null clears).
Result<ProfilePatch> profile_patch_from_json(const json& j, const std::string& at) {
  Errors errors;
  JsonReader r(errors);
  if (!r.is_object(j, at)) return Result<ProfilePatch>::failure(errors);
  ProfilePatch p;
  if (has(j, "email")) p.email = r.text(j, at, "email", false, "", kMaxEmailBytes);
  if (has(j, "birthday")) {
    p.birthday.emplace();
    if (r.member(j, at, "birthday", false)) {
      auto d = parse_date(r.text(j, at, "birthday", false, "", 10));
      if (!d) r.fail(pointer_child(at, "birthday"), LOYALTY_WHY("must be a date like 1990-05-14"));
      else p.birthday = d;
    }
  }
  if (has(j, "created_at")) p.created_at = r.instant(j, at, "created_at", false, 0);
  if (has(j, "referred_by")) p.referred_by = r.text(j, at, "referred_by", false, "", kMaxReferredByBytes);
  if (has(j, "devices")) p.devices = r.id_list(j, at, "devices", kMaxDevices);
  return collected(std::move(errors), std::move(p));
}

Errors profile_patch_errors(const ProfilePatch& p, const std::string& at) {
  Errors errors;
  JsonReader r(errors);
  check_length(errors, at, "email", p.email, kMaxEmailBytes);
  if (p.birthday && *p.birthday && !parse_date(format_date(**p.birthday)))
    r.fail(pointer_child(at, "birthday"), LOYALTY_WHY("must be a date like 1990-05-14"));
  if (p.created_at) r.integer_value(json(*p.created_at), pointer_child(at, "created_at"), kMinInstant, kMaxInstant);
  check_length(errors, at, "referred_by", p.referred_by, kMaxReferredByBytes);
  if (p.devices) {
    const std::string here = pointer_child(at, "devices");
    if (p.devices->size() > kMaxDevices)
      r.fail(here, LOYALTY_WHY("must have at most " + std::to_string(kMaxDevices) + " items"));
    else
      for (std::size_t i = 0; i < p.devices->size(); ++i) r.id_value(json((*p.devices)[i]), pointer_index(here, i));
  }
  return errors;
}

CustomerProfile apply_patch(CustomerProfile profile, const ProfilePatch& patch) {
  if (patch.email) profile.email = *patch.email;
  if (patch.birthday) profile.birthday = *patch.birthday;
  if (patch.created_at) profile.created_at = *patch.created_at;
  if (patch.referred_by) profile.referred_by = *patch.referred_by;
  if (patch.devices) profile.devices = *patch.devices;
  return profile;
}

}  // namespace loyalty
