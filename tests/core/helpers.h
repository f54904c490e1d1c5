// Shared test scaffolding: programs from JSON text, carts, events, a ledger
// that grows as events are applied.
#pragma once
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "loyalty/json_io.h"

// Catch (CHECK, INFO) prints points and money as their number.
namespace loyalty {
template <class Unit>
std::ostream& operator<<(std::ostream& out, Amount<Unit> a) { return out << a.raw(); }
}  // namespace loyalty

namespace test {

using namespace loyalty;
// Tests build programs with nlohmann (merge_patch); the core reads them as the
// text they dump to, through its own parser (loyalty::json).
using nlohmann::json;

inline loyalty::json core_json(const json& j) {
  auto r = parse_json(j.dump(), "test JSON");
  INFO(r.error_text());
  REQUIRE(r.ok());
  return r.value;
}

inline std::string read_text(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline Program example(const std::string& name) {
  auto r = parse_program(read_text(std::string(LOYALTY_SOURCE_DIR) + "/examples/" + name + ".json"));
  INFO(r.error_text());
  REQUIRE(r.ok());
  return r.value;
}

// A minimal valid program with `patch` merged over it (RFC 7396 merge patch).
inline json base_program_json() {
  return json::parse(R"({
    "shop": "test-shop", "name": "Test", "version": 1, "currency": "USD",
    "earn": {"points": 1, "per_amount": 100}
  })");
}

inline Program program(const json& patch = json::object()) {
  json j = base_program_json();
  j.merge_patch(patch);
  auto r = program_from_json(core_json(j));
  INFO(r.error_text());
  REQUIRE(r.ok());
  return r.value;
}

inline Errors program_errors(const json& patch) {
  json j = base_program_json();
  j.merge_patch(patch);
  auto r = program_from_json(core_json(j));
  REQUIRE_FALSE(r.ok());
  return r.errors;
}

inline bool has_error(const Errors& errors, const std::string& pointer, const std::string& fragment = "") {
  for (const auto& e : errors)
    if (e.pointer == pointer && e.message.find(fragment) != std::string::npos) return true;
  return false;
}

inline Seconds at(const std::string& iso) {
  auto t = parse_iso8601(iso);
  REQUIRE(t);
  return *t;
}

inline CartLine line(const std::string& id, Money price, std::int64_t qty = 1) {
  CartLine l;
  l.id = id;
  l.product_id = "p-" + id;
  l.unit_price = price;
  l.quantity = qty;
  return l;
}

inline Cart cart(std::vector<CartLine> lines, const std::string& currency = "USD") {
  Cart c;
  c.currency = currency;
  c.lines = std::move(lines);
  return c;
}

inline Event order_event(const std::string& order_id, const Cart& c, Seconds when) {
  return Event{"evt-order-" + order_id, when, OrderPaid{{order_id, c}}};
}

inline Event refund_event(const std::string& refund_id, const std::string& order_id, Money amount, Seconds when) {
  Refund f;
  f.id = refund_id;
  f.order_id = order_id;
  f.amount = amount;
  return Event{"evt-refund-" + refund_id, when, f};
}

// The body of an event of a known kind, to change one field of it.
template <class Kind>
Kind& body(Event& e) { return std::get<Kind>(e.body); }

inline Event tick_event(const std::string& id, Seconds when) { return Event{id, when, Tick{}}; }

inline Event action_event(const std::string& id, const std::string& type, Seconds when) {
  return Event{id, when, Action{type}};
}

// xorshift64: repeatable random numbers for the property tests.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::int64_t in(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return in(1, 100) <= percent; }
};

// A customer whose ledger grows with each applied event.
struct Shopper {
  Program p;
  Customer c;
  explicit Shopper(Program program, const std::string& id = "cust-1") : p(std::move(program)) { c.profile.id = id; }

  Applied apply_ok(const Event& e, Seconds now = 0) {
    auto r = loyalty::apply(p, c, e, now ? now : e.at);
    INFO(r.error_text());
    REQUIRE(r.ok());
    for (const auto& entry : r.value.entries) c.ledger.push_back(entry);
    return r.value;
  }
  Errors apply_fails(const Event& e, Seconds now = 0) {
    auto r = loyalty::apply(p, c, e, now ? now : e.at);
    REQUIRE_FALSE(r.ok());
    return r.errors;
  }
  CustomerState state(Seconds now) const { return state_at(p, c, now); }
  Points sum_points() const {
    Points s{};
    for (const auto& e : c.ledger) s += e.points;
    return s;
  }
};

}  // namespace test
