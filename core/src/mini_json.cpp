#include "loyalty/mini_json.h"

#include "mini_json_text.h"

namespace loyalty {
namespace mini {

Json::Json(const std::vector<std::string>& items) : type_(Type::Array) {
  for (const auto& s : items) arr_.push_back(Json(s));
}

Json::Json(std::initializer_list<Json> init) {
  bool is_object = true;
  for (const Json& e : init) is_object = is_object && e.is_array() && e.arr_.size() == 2 && e.arr_[0].is_string();
  if (is_object && init.size() > 0) {
    type_ = Type::Object;
    obj_ = std::make_unique<Object>();
    for (const Json& e : init) (*obj_)[e.arr_[0].str_] = e.arr_[1];
  } else {
    type_ = Type::Array;
    arr_.assign(init.begin(), init.end());
  }
}

Json::Json(const Json& o) : type_(o.type_), int_(o.int_), uint_(o.uint_), str_(o.str_), arr_(o.arr_) {
  if (o.obj_) obj_ = std::make_unique<Object>(*o.obj_);
}

Json& Json::operator=(Json other) noexcept {
  type_ = other.type_;
  int_ = other.int_;
  uint_ = other.uint_;
  str_ = std::move(other.str_);
  arr_ = std::move(other.arr_);
  obj_ = std::move(other.obj_);
  return *this;
}

Json Json::array(std::initializer_list<Json> init) {
  Json j;
  j.type_ = Type::Array;
  j.arr_.assign(init.begin(), init.end());
  return j;
}

std::size_t Json::size() const {
  if (type_ == Type::Array) return arr_.size();
  if (type_ == Type::Object) return obj_->size();
  return type_ == Type::Null ? 0 : 1;
}

Json& Json::operator[](const std::string& key) {
  if (type_ != Type::Object) *this = object();
  return (*obj_)[key];
}

void Json::push_back(Json v) {
  if (type_ != Type::Array) {
    type_ = Type::Array;
    arr_.clear();
  }
  arr_.push_back(std::move(v));
}

Json::const_iterator Json::begin() const {
  if (type_ == Type::Object) return const_iterator(this, obj_->begin(), 0);
  return const_iterator(this, {}, 0);
}

Json::const_iterator Json::end() const {
  if (type_ == Type::Object) return const_iterator(this, obj_->end(), 0);
  return const_iterator(this, {}, type_ == Type::Array ? arr_.size() : 0);
}

Json::const_iterator Json::find(const std::string& key) const {
  if (type_ != Type::Object) return end();
  return const_iterator(this, obj_->find(key), 0);
}

// ---- dumping: compact, keys sorted, nlohmann's escapes --------------------

static void dump_string(const std::string& s, std::string& out) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t k = 1;  // the escape letter of c, if JSON has one ('/' is written as it is)
    while (kEscapes[k - 1] && (kEscapes[k] != static_cast<char>(c) || c == '/')) k += 2;
    if (kEscapes[k - 1]) {
      out += '\\';
      out += kEscapes[k - 1];
      continue;
    }
    if (c < 0x20) {
      static const char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // Valid UTF-8 is copied; a bad sequence becomes U+FFFD (nlohmann's
      // error_handler_t::replace), so the output is always valid UTF-8.
      std::size_t bad;
      const std::size_t n = utf8_sequence(s, i, &bad);
      if (n) out.append(s, i, n);
      else out += "\xEF\xBF\xBD";
      i += (n ? n : bad) - 1;
    }
  }
  out += '"';
}

void Json::dump_to(std::string& out) const {
  switch (type_) {
    case Type::Null: case Type::Discarded: out += "null"; break;
    case Type::Boolean: out += int_ ? "true" : "false"; break;
    case Type::Integer: out += std::to_string(int_); break;
    case Type::Unsigned: out += std::to_string(uint_); break;
    case Type::Float: out += str_; break;
    case Type::String: dump_string(str_, out); break;
    case Type::Array: {
      out += '[';
      for (std::size_t i = 0; i < arr_.size(); ++i) {
        if (i) out += ',';
        arr_[i].dump_to(out);
      }
      out += ']';
      break;
    }
    case Type::Object: {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : *obj_) {
        if (!first) out += ',';
        first = false;
        dump_string(k, out);
        out += ':';
        v.dump_to(out);
      }
      out += '}';
      break;
    }
  }
}

std::string Json::dump(int, char, bool, error_handler_t) const {
  std::string out;
  dump_to(out);
  return out;
}


}  // namespace mini
}  // namespace loyalty
