#include "loyalty/mini_json.h"

#include <algorithm>

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

// ---- parsing: the JSON grammar as nlohmann's lexer reads it --------------

namespace {

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, no
// surrogates, nothing past U+10FFFF) starting at s[pos], a byte >= 0x80; or 0,
// with *bad = how many bytes a decoder reads before it knows (at least 1): the
// byte there starts the next sequence, as in nlohmann's decoder.
std::size_t utf8_sequence(const std::string& s, std::size_t pos, std::size_t* bad) {
  const unsigned char c = static_cast<unsigned char>(s[pos]);
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) n = 1;
  else if (c == 0xE0) { n = 2; lo = 0xA0; }
  else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) n = 2;
  else if (c == 0xED) { n = 2; hi = 0x9F; }
  else if (c == 0xF0) { n = 3; lo = 0x90; }
  else if (c >= 0xF1 && c <= 0xF3) n = 3;
  else if (c == 0xF4) { n = 3; hi = 0x8F; }
  else { *bad = 1; return 0; }
  for (std::size_t i = 1; i <= n; ++i) {
    const unsigned char b = pos + i < s.size() ? static_cast<unsigned char>(s[pos + i]) : 0;
    if (pos + i >= s.size() || b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
      *bad = i;
      return 0;
    }
  }
  return n + 1;
}

// nlohmann reads a number with a fraction or exponent as a double and refuses
// one beyond the double's range ("1e400"); so does this, from the digits
// (no strtod: locale-free and smaller in wasm). [start, end) is a number of
// valid JSON grammar; the least value that rounds to infinity is 2^1024 - 2^970.
bool beyond_double(const std::string& s, std::size_t start, std::size_t end) {
  static const char kInfinityFrom[] =  // 2^1024 - 2^970, all 309 digits
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887"
      "910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914"
      "819860834936475292719074168444365510704342711559699508093042880177904174497792";
  // The value is 0.d1d2... x 10^exp10, d1 the first significant digit (at `first`).
  long long exp10 = 0;
  const std::size_t none = std::string::npos;
  std::size_t i = start + (s[start] == '-' ? 1 : 0), first = none;
  bool fraction = false;
  for (; i < end && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') fraction = true;
    else if (first == none && s[i] == '0') exp10 -= fraction;
    else if (first == none) first = i, exp10 += !fraction;
    else exp10 += !fraction;
  }
  if (first == none) return false;  // zero
  if (i < end) {  // the exponent, saturated far beyond any double
    const bool negative = s[++i] == '-';
    if (s[i] == '-' || s[i] == '+') ++i;
    long long e = 0;
    for (; i < end; ++i) e = std::min<long long>(e * 10 + (s[i] - '0'), 1000000);
    exp10 += negative ? -e : e;
  }
  if (exp10 != 309) return exp10 > 309;
  std::size_t k = 0;  // compare the digits with the limit's
  for (i = first; i < end && s[i] != 'e' && s[i] != 'E' && k < 309; ++i)
    if (s[i] != '.' && s[i] != kInfinityFrom[k++]) return s[i] > kInfinityFrom[k - 1];
  return k == 309;  // as many equal digits: at least the limit; fewer: below it
}

}  // namespace

class Parser {
 public:
  explicit Parser(const std::string& s, std::string* duplicate = nullptr) : s_(s), duplicate_(duplicate) {
    if (s_.size() >= 3 && s_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // a UTF-8 BOM is skipped
  }

  bool document(Json& out) {
    if (!value(out, 0)) return false;
    skip_space();
    // Like nlohmann, a NUL byte ends the input.
    return pos_ == s_.size() || s_[pos_] == '\0';
  }
  std::size_t position() const { return pos_; }

 private:
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool literal(const char* word) {
    std::size_t n = 0;
    while (word[n]) ++n;
    if (s_.compare(pos_, n, word) != 0) return false;
    pos_ += n;
    return true;
  }

  bool value(Json& out, int depth) {
    if (depth > 512) return false;
    skip_space();
    if (pos_ >= s_.size()) return false;
    const char c = s_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.type_ = Json::Type::String;
      return string(out.str_);
    }
    if (c == 't') { out = Json(true); return literal("true"); }
    if (c == 'f') { out = Json(false); return literal("false"); }
    if (c == 'n') { out = Json(); return literal("null"); }
    return number(out);
  }

  bool object(Json& out, int depth) {
    ++pos_;
    out = Json::object();
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; return true; }
    while (true) {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"') return false;
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return false;
      ++pos_;
      if (duplicate_ && out.obj_->count(key)) {
        *duplicate_ = pointer_to(key);
        return false;
      }
      path_.push_back(&key);
      Json v;
      if (!value(v, depth + 1)) return false;
      path_.pop_back();
      (*out.obj_)[key] = std::move(v);  // a repeated key (when allowed): the last one wins
      skip_space();
      if (pos_ >= s_.size()) return false;
      if (s_[pos_] == ',') { ++pos_; continue; }
      if (s_[pos_] == '}') { ++pos_; return true; }
      return false;
    }
  }

  bool array(Json& out, int depth) {
    ++pos_;
    out = Json::array();
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; return true; }
    std::string index;
    path_.push_back(&index);
    while (true) {
      index = std::to_string(out.arr_.size());
      Json v;
      if (!value(v, depth + 1)) return false;
      out.arr_.push_back(std::move(v));
      skip_space();
      if (pos_ >= s_.size()) return false;
      if (s_[pos_] == ',') { ++pos_; continue; }
      if (s_[pos_] == ']') { ++pos_; path_.pop_back(); return true; }
      return false;
    }
  }

  static void put_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(std::uint32_t* out) {
    if (pos_ + 4 > s_.size()) return false;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
    }
    *out = v;
    return true;
  }

  // One UTF-8 sequence, validated as RFC 3629 (no overlongs, no surrogates).
  bool utf8(std::string& out) {
    std::size_t bad;
    const std::size_t n = utf8_sequence(s_, pos_, &bad);
    if (!n) return false;
    out.append(s_, pos_, n);
    pos_ += n;
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') { ++pos_; return true; }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++pos_ >= s_.size()) return false;
        const char e = s_[pos_++];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            std::uint32_t cp;
            if (!hex4(&cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate needs its low half
              std::uint32_t low;
              if (pos_ + 2 > s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') return false;
              pos_ += 2;
              if (!hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return false;
            }
            put_utf8(out, cp);
            break;
          }
          default: return false;
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      if (!utf8(out)) return false;
    }
    return false;
  }

  bool number(Json& out) {
    const std::size_t start = pos_;
    bool negative = false, is_float = false;
    if (s_[pos_] == '-') { negative = true; ++pos_; }
    if (pos_ >= s_.size()) return false;
    if (s_[pos_] == '0') {
      ++pos_;
    } else if (s_[pos_] >= '1' && s_[pos_] <= '9') {
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    } else {
      return false;
    }
    const std::size_t int_end = pos_;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      is_float = true;
      const std::size_t d = ++pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == d) return false;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      is_float = true;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      const std::size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == d) return false;
    }
    if (!is_float) {
      // Exact 64-bit integers; larger ones become "float", as in nlohmann.
      std::uint64_t v = 0;
      bool overflow = false;
      for (std::size_t i = start + (negative ? 1 : 0); i < int_end; ++i) {
        const std::uint64_t d = static_cast<std::uint64_t>(s_[i] - '0');
        if (v > (UINT64_MAX - d) / 10) overflow = true;
        v = v * 10 + d;
      }
      if (!overflow && !negative) {
        out = Json(static_cast<unsigned long long>(v));
        return true;
      }
      if (!overflow && negative && v <= static_cast<std::uint64_t>(INT64_MAX) + 1) {
        out = Json(static_cast<long long>(v == static_cast<std::uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<std::int64_t>(v)));
        return true;
      }
    }
    if (beyond_double(s_, start, pos_)) {
      pos_ = start;
      return false;
    }
    out = Json();
    out.type_ = Json::Type::Float;
    out.str_ = s_.substr(start, pos_ - start);
    return true;
  }

  // The pointer of `key` in the object being read (RFC 6901: ~ and / escaped).
  std::string pointer_to(const std::string& key) const {
    std::string out;
    auto put = [&](const std::string& token) {
      out += '/';
      for (char c : token) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    };
    for (const std::string* token : path_) put(*token);
    put(key);
    return out;
  }

  const std::string& s_;
  std::string* duplicate_;                 // set: refuse repeated keys, say where
  std::vector<const std::string*> path_;   // keys and indices down to the value being read
  std::size_t pos_ = 0;
};

Json Json::parse(const std::string& text, std::nullptr_t, bool) {
  Json out;
  Parser p(text);
  if (!p.document(out)) {
    out = Json();
    out.type_ = Type::Discarded;
  }
  return out;
}

Json Json::parse_unique_keys(const std::string& text, std::string* duplicate) {
  Json out;
  Parser p(text, duplicate);
  if (!p.document(out)) {
    out = Json();
    out.type_ = Type::Discarded;
  }
  return out;
}

long long Json::error_offset(const std::string& text) {
  Json out;
  Parser p(text);
  return p.document(out) ? -1 : static_cast<long long>(p.position());
}

// ---- dumping: compact, keys sorted, nlohmann's escapes --------------------

static void dump_string(const std::string& s, std::string& out) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
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
