// The small JSON value's parser: the JSON grammar as nlohmann's lexer reads it
// (the same texts accepted, the same values; tests/core/mini_json_test.cpp).
#include <algorithm>

#include "loyalty/mini_json.h"
#include "mini_json_text.h"

namespace loyalty {
namespace mini {

namespace {

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
        if (e != 'u') {
          std::size_t k = 0;
          while (kEscapes[k] && kEscapes[k] != e) k += 2;
          if (!kEscapes[k]) return false;
          out += kEscapes[k + 1];
          continue;
        }
        std::uint32_t cp;  // \uXXXX
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

}  // namespace mini
}  // namespace loyalty
