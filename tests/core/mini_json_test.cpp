// The wasm build's JSON value must read and write exactly as nlohmann does.
#include "helpers.h"
#include "loyalty/mini_json.h"

using Mini = loyalty::mini::Json;
using nlohmann::json;

namespace {

std::string nl_dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void agree(const std::string& text) {
  std::string hex;
  for (unsigned char c : text) { char b[4]; std::snprintf(b, sizeof b, "%02x", c); hex += b; }
  INFO(text << " [" << hex << "]");
  const json a = json::parse(text, nullptr, false);
  const Mini b = Mini::parse(text);
  REQUIRE(a.is_discarded() == b.is_discarded());
  if (a.is_discarded()) {
    CHECK(Mini::error_offset(text) >= 0);
    return;
  }
  CHECK(Mini::error_offset(text) == -1);
  if (!a.is_number_float()) CHECK(nl_dump(a) == b.dump());
}

struct Rng {
  std::uint64_t s;
  std::uint64_t next() { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }
  int in(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

json random_value(Rng& r, int depth) {
  switch (depth > 3 ? r.in(5) : r.in(7)) {
    case 0: return nullptr;
    case 1: return r.in(2) == 1;
    case 2: return static_cast<std::int64_t>(r.next()) >> r.in(64);
    case 3: return r.next() >> r.in(64);
    case 4: {
      static const char* pieces[] = {"a", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "\x7f", "é", "中文", "😀", " ", "<img>", "~"};
      std::string s;
      for (int i = 0, n = r.in(6); i < n; ++i) s += pieces[r.in(15)];
      return s;
    }
    case 5: {
      json a = json::array();
      for (int i = 0, n = r.in(4); i < n; ++i) a.push_back(random_value(r, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (int i = 0, n = r.in(4); i < n; ++i) o["k" + std::to_string(r.in(6))] = random_value(r, depth + 1);
      return o;
    }
  }
}

}  // namespace

TEST_CASE("mini_json: the edge cases nlohmann decides", "[json]") {
  for (const char* text :
       {"{}", "[]", "0", "-0", "1", "-1", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "-9223372036854775809", "820982911946154508", "1.5", "1e3", "-", "01", "1.", ".5", "1e", "+1", "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\x\"", "\"a\nb\"", "\"\xc3\xa9\"", "\"\xc3\"", "\"\xff\"",
        "\"\xed\xa0\x80\"", "\"\xe0\x80\x80\"", "\"\xf4\x90\x80\x80\"", "\xEF\xBB\xBF{\"a\":1}", "{\"a\":1,\"a\":2}",
        "{\"b\":1,\"a\":[true,false,null]}", " [1 , 2 ] ", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "tru", "nul",
        "[1] [2]", "", "   ", "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "{\"\":\"\"}", "[[[[[]]]]]",
        // Beyond a double nlohmann refuses the text; below it, 0 is fine.
        "1e400", "-1e400", "[1E+309]", "123456789e300", "{\"a\":123456789e301}", "1.7976931348623157e308", "1.8e308", "1e-400", "0e999"})
    agree(text);
}

TEST_CASE("mini_json: random documents dump byte-identically", "[json]") {
  Rng r{77};
  for (int i = 0; i < 3000; ++i) {
    const std::string text = nl_dump(random_value(r, 0));
    agree(text);
    // And a damaged copy: both must accept or both refuse.
    std::string broken = text;
    if (!broken.empty()) broken[static_cast<size_t>(r.in(static_cast<int>(broken.size())))] = "{}[]\",:0a\\ "[r.in(12)];
    agree(broken);
  }
}

TEST_CASE("mini_json: invalid UTF-8 in a built string dumps as nlohmann's replace does", "[json]") {
  // Strings the core did not parse (a caller's C++ string) may hold any bytes;
  // dump() promises valid UTF-8 out, each bad sequence as U+FFFD.
  const std::vector<std::string> cases = {"\xff", "a\x80" "b", "\xc3", "\xc3(", "\xe2\x82", "\xe2\x82(", "\xed\xa0\x80", "\xe0\x80\x80",
                                          "\xf4\x90\x80\x80", "\xf0\x9f\x98", "\xf0\x9f\x98\x80\xc0\xaf", "ok\xc3\xa9\xfe\xfe" "z"};
  for (const auto& s : cases) {
    INFO(s);
    CHECK(Mini(s).dump() == nl_dump(json(s)));
    CHECK(Mini({{"k", s}}).dump() == nl_dump(json{{"k", s}}));
  }
  Rng r{99};
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    for (int k = 0, n = r.in(8); k < n; ++k) s += static_cast<char>(r.in(3) ? 0x80 + r.in(128) : r.in(128));
    INFO(i);
    CHECK(Mini(s).dump() == nl_dump(json(s)));
  }
}

TEST_CASE("mini_json: building values like nlohmann", "[json]") {
  Mini m = {{"b", 1}, {"a", "x"}, {"list", Mini::array({Mini(true), Mini(nullptr)})}};
  json n = {{"b", 1}, {"a", "x"}, {"list", json::array({true, nullptr})}};
  CHECK(m.dump() == nl_dump(n));
  Mini o = Mini::object();
  o["z"] = std::vector<std::string>{"1", "2"};
  o["y"] = static_cast<std::int64_t>(-5);
  CHECK(o.dump() == "{\"y\":-5,\"z\":[\"1\",\"2\"]}");
  CHECK(Mini({Mini(1), Mini(2)}).dump() == "[1,2]");
}
