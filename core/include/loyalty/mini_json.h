// A small JSON value with the part of nlohmann::json's interface the core
// uses: parse without throwing, typed reads, building objects and arrays, and
// a compact dump byte-identical to nlohmann's (sorted keys, same escapes).
// Only integers are numbers here: decimals parse as "float" and are kept as
// their text, because the core refuses them anyway.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace loyalty {
template <class Unit> class Amount;  // loyalty/money.h
namespace mini {

class Json {
 public:
  enum class Type : std::uint8_t { Null, Boolean, Integer, Unsigned, Float, String, Array, Object, Discarded };
  using Object = std::map<std::string, Json>;
  using Array = std::vector<Json>;
  enum class error_handler_t { strict, replace, ignore };

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool b) : type_(Type::Boolean), int_(b) {}
  Json(int v) : type_(Type::Integer), int_(v) {}
  Json(long v) : type_(Type::Integer), int_(v) {}
  Json(long long v) : type_(Type::Integer), int_(v) {}
  Json(unsigned v) : type_(Type::Unsigned), uint_(v) {}
  Json(unsigned long v) : type_(Type::Unsigned), uint_(v) {}
  Json(unsigned long long v) : type_(Type::Unsigned), uint_(v) {}
  // Points and money (loyalty/money.h) are written as their whole number.
  template <class Unit> [[gnu::always_inline]] Json(Amount<Unit> v) : Json(v.raw()) {}
  Json(const char* s) : type_(Type::String), str_(s) {}
  Json(std::string s) : type_(Type::String), str_(std::move(s)) {}
  Json(const std::vector<std::string>& items);
  // {{"key", value}, ...} is an object; anything else in braces is an array.
  Json(std::initializer_list<Json> init);
  Json(const Json& other);
  Json(Json&& other) noexcept = default;
  Json& operator=(Json other) noexcept;
  ~Json() = default;

  static Json object() { Json j; j.type_ = Type::Object; j.obj_ = std::make_unique<Object>(); return j; }
  static Json array(std::initializer_list<Json> init = {});
  // nlohmann's signature: no callback, never throws; bad text gives is_discarded().
  static Json parse(const std::string& text, std::nullptr_t = nullptr, bool allow_exceptions = false);
  // The same, refusing a key repeated within one object: then *duplicate is
  // the JSON Pointer of the second one (and the result is discarded).
  static Json parse_unique_keys(const std::string& text, std::string* duplicate);
  // Byte offset where parsing failed, or -1 when the text is valid.
  static long long error_offset(const std::string& text);

  bool is_null() const { return type_ == Type::Null; }
  bool is_boolean() const { return type_ == Type::Boolean; }
  bool is_number() const { return type_ == Type::Integer || type_ == Type::Unsigned || type_ == Type::Float; }
  bool is_number_integer() const { return type_ == Type::Integer || type_ == Type::Unsigned; }
  bool is_number_unsigned() const { return type_ == Type::Unsigned; }
  bool is_number_float() const { return type_ == Type::Float; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }
  bool is_discarded() const { return type_ == Type::Discarded; }

  template <class T> T get() const;
  template <class T> T get_ref() const { return str_; }  // only const std::string&

  std::size_t size() const;
  const Json& operator[](std::size_t i) const { return arr_[i]; }
  Json& operator[](const std::string& key);
  Json& operator[](const char* key) { return (*this)[std::string(key)]; }
  void push_back(Json v);

  // Object iteration (key()/value()) and array iteration share one iterator.
  class const_iterator {
   public:
    const_iterator(const Json* owner, Object::const_iterator o, std::size_t i) : owner_(owner), obj_(o), index_(i) {}
    const std::string& key() const { return obj_->first; }
    const Json& value() const { return owner_->is_object() ? obj_->second : owner_->arr_[index_]; }
    const Json& operator*() const { return value(); }
    const Json* operator->() const { return &value(); }
    const_iterator& operator++() {
      if (owner_->is_object()) ++obj_;
      else ++index_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return obj_ == o.obj_ && index_ == o.index_; }
    bool operator!=(const const_iterator& o) const { return !(*this == o); }

   private:
    const Json* owner_;
    Object::const_iterator obj_;
    std::size_t index_;
  };
  const_iterator begin() const;
  const_iterator end() const;
  const_iterator find(const std::string& key) const;

  std::string dump(int indent = -1, char indent_char = ' ', bool ensure_ascii = false,
                   error_handler_t handler = error_handler_t::strict) const;

 private:
  friend class Parser;
  void dump_to(std::string& out) const;

  Type type_ = Type::Null;
  std::int64_t int_ = 0;
  std::uint64_t uint_ = 0;
  std::string str_;  // String, or a Float's text
  Array arr_;
  std::unique_ptr<Object> obj_;
};

template <> inline bool Json::get<bool>() const { return int_ != 0; }
template <> inline std::int64_t Json::get<std::int64_t>() const {
  return type_ == Type::Unsigned ? static_cast<std::int64_t>(uint_) : int_;
}
template <> inline std::uint64_t Json::get<std::uint64_t>() const {
  return type_ == Type::Unsigned ? uint_ : static_cast<std::uint64_t>(int_);
}
template <> inline std::string Json::get<std::string>() const { return str_; }

}  // namespace mini
}  // namespace loyalty
