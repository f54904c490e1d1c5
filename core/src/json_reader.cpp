#include "json_reader.h"

#include "loyalty/cart.h"

#include <limits>

namespace loyalty {

std::string pointer_child(const std::string& at, const std::string& key) {
  std::string out = at + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string pointer_index(const std::string& at, size_t i) { return at + "/" + std::to_string(i); }

[[maybe_unused]] static const char* type_name(const json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number_float()) return "a decimal number";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

const json* JsonReader::member(const json& obj, const std::string& at, const char* key, bool required) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it != obj.end() && it->is_null() && null_ == Null::Refused) {
    fail(pointer_child(at, key), LOYALTY_WHY("must not be null (leave the field out instead)"));
    return nullptr;
  }
  if (it == obj.end() || it->is_null()) {
    if (required) fail(pointer_child(at, key), LOYALTY_WHY("is required"));
    return nullptr;
  }
  return &*it;
}

void JsonReader::only_keys(const json& obj, const std::string& at, std::initializer_list<const char*> known) {
  if (!obj.is_object()) return;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) fail(pointer_child(at, it.key()), LOYALTY_WHY("unknown field"));
  }
}

bool JsonReader::is_object(const json& j, const std::string& at) {
  if (j.is_object()) return true;
  fail(at, LOYALTY_WHY(std::string("must be an object, not ") + type_name(j)));
  return false;
}

const json* JsonReader::object_member(const json& obj, const std::string& at, const char* key, bool required,
                                      std::initializer_list<const char*> known, std::string& here) {
  here = pointer_child(at, key);
  const json* v = member(obj, at, key, required);
  if (!v || !is_object(*v, here)) return nullptr;
  only_keys(*v, here, known);
  return v;
}

bool JsonReader::is_array(const json& j, const std::string& at, size_t max_items) {
  if (!j.is_array()) {
    fail(at, LOYALTY_WHY(std::string("must be an array, not ") + type_name(j)));
    return false;
  }
  if (j.size() > max_items) {
    fail(at, LOYALTY_WHY("must have at most " + std::to_string(max_items) + " items"));
    return false;
  }
  return true;
}

static bool has_control(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

std::string JsonReader::text(const json& obj, const std::string& at, const char* key, bool required,
                             const std::string& fallback, size_t max_len) {
  const json* v = member(obj, at, key, required);
  if (!v) return fallback;
  const std::string here = pointer_child(at, key);
  if (!v->is_string()) {
    fail(here, LOYALTY_WHY(std::string("must be a string, not ") + type_name(*v)));
    return fallback;
  }
  const std::string& s = v->get_ref<const std::string&>();
  if (s.size() > max_len) {
    fail(here, LOYALTY_WHY("must be at most " + std::to_string(max_len) + " bytes"));
    return fallback;
  }
  if (required && s.empty()) {
    fail(here, LOYALTY_WHY("must not be empty"));
    return fallback;
  }
  return s;
}

std::string JsonReader::id_value(const json& v, const std::string& at) {
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (!v.is_string()) {
    fail(at, LOYALTY_WHY(std::string("must be a string or an integer id, not ") + type_name(v)));
    return "";
  }
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > kMaxIdChars) {
    fail(at, LOYALTY_WHY("must be 1 to 128 characters"));
    return "";
  }
  if (has_control(s)) {
    fail(at, LOYALTY_WHY("must not contain control characters"));
    return "";
  }
  return s;
}

std::string JsonReader::id(const json& obj, const std::string& at, const char* key, bool required) {
  const json* v = member(obj, at, key, required);
  if (!v) return "";
  return id_value(*v, pointer_child(at, key));
}

std::int64_t JsonReader::integer_value(const json& v, const std::string& at, std::int64_t min, std::int64_t max) {
  if (v.is_number_float()) {
    fail(at, LOYALTY_WHY("must be a whole number (amounts are in minor units, points are whole)"));
    return min;
  }
  if (v.is_number_unsigned()) {
    std::uint64_t u = v.get<std::uint64_t>();
    if (min > 0 && u < static_cast<std::uint64_t>(min)) {
      fail(at, LOYALTY_WHY("must be at least " + std::to_string(min)));
      return min;
    }
    if (max < 0 || u > static_cast<std::uint64_t>(max)) {
      fail(at, LOYALTY_WHY("must be at most " + std::to_string(max)));
      return min;
    }
    return static_cast<std::int64_t>(u);
  }
  if (!v.is_number_integer()) {
    fail(at, LOYALTY_WHY(std::string("must be an integer, not ") + type_name(v)));
    return min;
  }
  std::int64_t x = v.get<std::int64_t>();
  if (x < min) {
    fail(at, LOYALTY_WHY("must be at least " + std::to_string(min)));
    return min;
  }
  if (x > max) {
    fail(at, LOYALTY_WHY("must be at most " + std::to_string(max)));
    return min;
  }
  return x;
}

std::int64_t JsonReader::integer(const json& obj, const std::string& at, const char* key, bool required,
                                 std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const json* v = member(obj, at, key, required);
  if (!v) return fallback;
  return integer_value(*v, pointer_child(at, key), min, max);
}

bool JsonReader::boolean(const json& obj, const std::string& at, const char* key, bool fallback) {
  const json* v = member(obj, at, key, false);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    fail(pointer_child(at, key), LOYALTY_WHY(std::string("must be true or false, not ") + type_name(*v)));
    return fallback;
  }
  return v->get<bool>();
}

Seconds JsonReader::instant(const json& obj, const std::string& at, const char* key, bool required, Seconds fallback) {
  const json* v = member(obj, at, key, required);
  if (!v) return fallback;
  const std::string here = pointer_child(at, key);
  if (v->is_number()) return integer_value(*v, here, kMinInstant, kMaxInstant);
  if (!v->is_string()) {
    fail(here, LOYALTY_WHY(std::string("must be an ISO 8601 time or epoch seconds, not ") + type_name(*v)));
    return fallback;
  }
  auto t = parse_iso8601(v->get_ref<const std::string&>());
  if (!t) {
    fail(here, LOYALTY_WHY("must be an ISO 8601 time with an offset, like 2026-11-28T10:00:00Z"));
    return fallback;
  }
  return *t;
}

std::vector<std::string> JsonReader::id_list(const json& obj, const std::string& at, const char* key, size_t max_items) {
  std::vector<std::string> out;
  const json* v = member(obj, at, key, false);
  if (!v) return out;
  const std::string here = pointer_child(at, key);
  if (!is_array(*v, here, max_items)) return out;
  for (size_t i = 0; i < v->size(); ++i) {
    std::string s = id_value((*v)[i], pointer_index(here, i));
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

}  // namespace loyalty
