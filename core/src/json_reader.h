// Private: typed, bounds-checked reads from the core's JSON objects that record an
// error (JSON Pointer + message) instead of throwing.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "loyalty/json.h"
#include "loyalty/money.h"
#include "loyalty/result.h"
#include "loyalty/time.h"

namespace loyalty {

std::string pointer_child(const std::string& at, const std::string& key);
// What JsonReader::instant accepts in epoch seconds: year 1 to 9999.
constexpr Seconds kMinInstant = -62135596800LL, kMaxInstant = 253402300799LL;
std::string pointer_index(const std::string& at, size_t i);

// Text -> JSON (parse_json's errors as they are) -> from_json(value): the one
// path from text to a checked struct.
Result<json> parse_json(const std::string& text, const std::string& what);
template <class T, class FromJson>
Result<T> parse_json_as(const std::string& text, const std::string& what, FromJson from_json) {
  auto j = parse_json(text, what);
  if (!j.ok()) return Result<T>::failure(j.errors);
  return from_json(j.value);
}

// What a reader made: the value, or the errors it collected.
template <class T>
Result<T> collected(Errors&& errors, T&& value) {
  return errors.empty() ? Result<T>::success(std::move(value)) : Result<T>::failure(std::move(errors));
}

class JsonReader {
 public:
  // What a member whose value is null means: absent (carts, events, ledgers:
  // platforms send null for "none"), or an error naming it (programs: a
  // merchant's file says what it means, and the schema allows no null).
  enum class Null { Absent, Refused };
  explicit JsonReader(Errors& errors, Null null = Null::Absent) : errors_(errors), null_(null) {}

  void fail(const std::string& at, const std::string& message) { errors_.push_back({at, message}); }
  bool failed_since(size_t mark) const { return errors_.size() > mark; }
  size_t mark() const { return errors_.size(); }

  // The member, or null when absent (and an error when required) or null.
  const json* member(const json& obj, const std::string& at, const char* key, bool required);
  // Every key of obj must be in `known`.
  void only_keys(const json& obj, const std::string& at, std::initializer_list<const char*> known);
  bool is_object(const json& j, const std::string& at);
  // The object at obj[key] with its keys limited to `known`, or null when absent
  // (an error when required) or not an object; `here` gets its pointer. One call
  // instead of four at each section (smaller wasm too: one copy of the steps).
  const json* object_member(const json& obj, const std::string& at, const char* key, bool required,
                            std::initializer_list<const char*> known, std::string& here);
  bool is_array(const json& j, const std::string& at, size_t max_items = 10000);

  std::string text(const json& obj, const std::string& at, const char* key, bool required,
                   const std::string& fallback = "", size_t max_len = 200);
  // An id: 1..128 characters, no control characters. Numbers are accepted and
  // kept as their exact decimal text (64-bit order ids).
  std::string id(const json& obj, const std::string& at, const char* key, bool required);
  std::int64_t integer(const json& obj, const std::string& at, const char* key, bool required,
                       std::int64_t fallback, std::int64_t min, std::int64_t max);
  // The same number as points or money (loyalty/money.h): reading is where it gets its unit.
  template <class A>
  LOYALTY_INLINE_AMOUNT A amount(const json& obj, const std::string& at, const char* key, bool required, std::int64_t fallback,
           std::int64_t min, std::int64_t max) {
    return A(integer(obj, at, key, required, fallback, min, max));
  }
  bool boolean(const json& obj, const std::string& at, const char* key, bool fallback);
  // ISO 8601 text or integer epoch seconds.
  Seconds instant(const json& obj, const std::string& at, const char* key, bool required, Seconds fallback = 0);
  std::vector<std::string> id_list(const json& obj, const std::string& at, const char* key, size_t max_items = 1000);

  std::int64_t integer_value(const json& v, const std::string& at, std::int64_t min, std::int64_t max);
  std::string id_value(const json& v, const std::string& at);

 private:
  Errors& errors_;
  Null null_;
};

}  // namespace loyalty
