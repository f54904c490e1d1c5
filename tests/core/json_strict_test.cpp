// A JSON text means one thing: a repeated key, a NUL byte or text after the
// value is refused, in both JSON parsers (issue 12, item 6).
#include "helpers.h"
#include "loyalty/mini_json.h"

using namespace loyalty;
using namespace test;
using Mini = loyalty::mini::Json;

namespace {

// The repeated key's pointer from the wasm build's parser ("" when none).
std::string mini_duplicate(const std::string& text) {
  std::string pointer;
  const Mini j = Mini::parse_unique_keys(text, &pointer);
  if (!pointer.empty()) CHECK(j.is_discarded());
  return pointer;
}

}  // namespace

TEST_CASE("json: a repeated key is refused with the pointer of the second", "[json]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"a":1,"a":2})", "/a"},
      {R"({"x":[{"b":1},{"b":1,"c":2,"b":3}]})", "/x/1/b"},
      {R"({"a":1,"\u0061":2})", "/a"},                  // the same key, spelled with an escape
      {R"({"m~n/o":{"k":[1,{"p/q":1,"p/q":2}]},"z":0})", "/m~0n~1o/k/1/p~1q"},
      {R"([0,[1,2,{"d":{}, "d":[]}]])", "/1/2/d"},
  };
  for (const auto& [text, pointer] : cases) {
    INFO(text);
    auto r = parse_json(text, "body");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].pointer == pointer);
    CHECK(r.errors[0].message.find("repeats") != std::string::npos);
    CHECK(mini_duplicate(text) == pointer);
  }
  CHECK(parse_json(R"({"a":{"b":1},"b":{"a":1,"b":2}})", "body").ok());  // same names at other levels are fine
  CHECK(mini_duplicate(R"({"a":{"b":1},"b":{"a":1,"b":2}})").empty());
}

TEST_CASE("json: programs, events and ledgers with a repeated key are refused", "[json]") {
  auto p = parse_program(R"({"shop":"s","name":"n","version":1,"currency":"USD","earn":{"points":1,"points":100,"per_amount":100}})");
  REQUIRE_FALSE(p.ok());
  CHECK(p.errors[0].pointer == "/earn/points");
  auto e = parse_event(R"({"id":"e1","type":"adjust","at":"2026-01-01T00:00:00Z","points":5,"note":"x","points":-5})");
  REQUIRE_FALSE(e.ok());
  CHECK(e.errors[0].pointer == "/points");
  auto l = parse_ledger_jsonl("{\"key\":\"a\",\"type\":\"adjust\",\"at\":\"2026-01-01T00:00:00Z\",\"points\":5,\"points\":9}\n");
  REQUIRE_FALSE(l.ok());
  CHECK(l.errors[0].pointer == "/0/points");
}

TEST_CASE("json: a NUL byte or text after the value is refused", "[json]") {
  const std::vector<std::string> bad = {
      std::string("{\"a\":1}\0", 8),
      std::string("{\"a\":1}\0{\"a\":2}", 15),
      std::string("{\"a\":\"x\0y\"}", 11),
      "{\"a\":1} x",
      "{\"a\":1}{}",
      "{\"a\":1},",
      "{\"a\":1e400}",   // no double holds it: nlohmann refuses it, so must the core's own JSON
      "[-1e400]",
      std::string(65, '[') + std::string(65, ']'),
  };
  for (const auto& text : bad) {
    INFO(text);
    CHECK_FALSE(parse_json(text, "body").ok());
  }
  const std::string tick = R"({"id":"e","type":"tick","at":"2026-01-01T00:00:00Z"})";
  CHECK(parse_event(tick).ok());
  CHECK_FALSE(parse_event(tick + std::string(1, '\0') + "junk").ok());
  CHECK(parse_json("  {\"a\":1}\r\n ", "body").ok());
}
