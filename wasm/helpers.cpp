// Conversions only: JSON text in, core structs, JSON text out.
#include "helpers.h"

#include <cmath>
#include <list>
#include <utility>
#include <vector>

#include "loyalty/engine.h"
#include "loyalty/experiment.h"
#include "loyalty/json_io.h"
#include "loyalty/pick.h"
#include "loyalty/referral_code.h"
#ifdef LOYALTY_WASM_SIMULATE
#include "loyalty/simulate.h"
#endif

namespace loyalty_wasm {

using loyalty::Errors;
// The core's JSON value type (loyalty/json.h, the same in every build).
using json = loyalty::json;

namespace {

CallResult Fail(const Errors& errors) { return "0" + loyalty::dump(loyalty::errors_json(errors)); }

CallResult Fail(const std::string& pointer, const std::string& message) {
  return Fail(Errors{loyalty::FieldError{pointer, message}});
}

CallResult Ok(const json& value) { return "1" + loyalty::dump(value); }

// The envelope's third answer: no program is loaded under that key (never
// loaded, evicted, or the engine restarted); the JS face loads it again.
const char kNotLoaded[] = "2";

// Parsed programs by the key the JS face gave them (LoadProgram), most
// recently used first: a program is parsed once and every quote names it by
// its key instead of carrying its text. A list, so that reordering moves no
// Program (its move code is about 1 KB of wasm).
constexpr size_t kCacheSize = 4;
std::list<std::pair<int, loyalty::Program>>& Cache() {
  static std::list<std::pair<int, loyalty::Program>> cache;
  return cache;
}

// The program loaded under `key`, or null.
const loyalty::Program* Loaded(int key) {
  auto& cache = Cache();
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->first == key) {
      cache.splice(cache.begin(), cache, it);
      return &cache.front().second;
    }
  }
  return nullptr;
}

bool Seconds(double now, loyalty::Seconds* out) {
  // Epoch seconds as a JS number: finite, whole, and within year 0..9999.
  if (!std::isfinite(now) || now != std::floor(now) || now < -62167219200.0 || now > 253402300799.0) return false;
  *out = static_cast<loyalty::Seconds>(now);
  return true;
}

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// A customer (with a ledger) or a state as the server sends it ({"balance":...}).
// Blank text or null: an anonymous visitor with nothing earned.
struct Who {
  bool is_state = false;
#ifndef LOYALTY_WASM_STATE_ONLY
  loyalty::Customer customer;  // not in the widget's build: it reads the server's state only (no ledger code linked)
#endif
  loyalty::CustomerState state;
};

bool ReadWho(const std::string& text, Who* who, Errors* errors) {
  if (Blank(text)) return true;
  auto j = loyalty::parse_json(text, "customer");
  if (!j.ok()) {
    *errors = j.errors;
    return false;
  }
  if (j.value.is_null()) return true;
  if (j.value.is_object() && j.value.find("balance") != j.value.end()) {
    auto s = loyalty::state_from_json(j.value);
    if (!s.ok()) {
      *errors = s.errors;
      return false;
    }
    who->is_state = true;
    who->state = std::move(s.value);
    return true;
  }
#ifdef LOYALTY_WASM_STATE_ONLY
  *errors = Errors{loyalty::FieldError{"", "customer must be the server's state ({\"balance\":...}) or null"}};
  return false;
#else
  auto c = loyalty::customer_from_json(j.value);
  if (!c.ok()) {
    *errors = c.errors;
    return false;
  }
  who->customer = std::move(c.value);
  return true;
#endif
}

CallResult Quote(const loyalty::Program& p, const Who& who, const loyalty::Cart& cart, loyalty::Seconds now) {
#ifdef LOYALTY_WASM_STATE_ONLY
  auto q = loyalty::quote(p, who.state, cart, now);
#else
  auto q = who.is_state ? loyalty::quote(p, who.state, cart, now) : loyalty::quote(p, who.customer, cart, now);
#endif
  if (!q.ok()) return Fail(q.errors);
  return Ok(loyalty::to_json(q.value, p));
}

}  // namespace

CallResult LoadProgram(int key, const std::string& text) {
#if defined(LOYALTY_WASM_STATE_ONLY) && !defined(LOYALTY_WASM_SIMULATE)
  auto p = loyalty::parse_program_for_quotes(text);  // what quoting reads (the server checked the rest)
#else
  auto p = loyalty::parse_program(text);
#endif
  if (!p.ok()) return Fail(p.errors);
  // Field by field: brace lists copy every value (and keep the copy code in the wasm).
  json info = json::object();
  info["shop"] = p.value.shop;
  info["name"] = p.value.name;
  info["version"] = p.value.version;
  info["currency"] = p.value.currency;
  info["minor_digits"] = p.value.minor_digits;
  auto& cache = Cache();
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->first == key) {  // a key names one text: the face never reuses one, but a reload replaces it
      cache.erase(it);
      break;
    }
  }
  if (cache.size() >= kCacheSize) cache.pop_back();
  cache.emplace(cache.begin(), key, std::move(p.value));
  return Ok(info);
}

namespace {

// The program, then who, then the cart, then the time: every quoting call
// checks its inputs in this order and reports the first that fails.
template <class MakeCart>
CallResult QuoteWith(int program, const std::string& who_text, double now, MakeCart make_cart) {
  const loyalty::Program* p = Loaded(program);
  if (!p) return kNotLoaded;
  Errors errors;
  Who who;
  if (!ReadWho(who_text, &who, &errors)) return Fail(errors);
  loyalty::Result<loyalty::Cart> cart = make_cart(*p);
  if (!cart.ok()) return Fail(cart.errors);
  loyalty::Seconds t;
  if (!Seconds(now, &t)) return Fail("/now", "must be whole epoch seconds");
  return Quote(*p, who, cart.value, t);
}

}  // namespace

CallResult QuoteCart(int program, const std::string& customer_or_state, const std::string& cart_text,
                     double now) {
  return QuoteWith(program, customer_or_state, now, [&](const loyalty::Program&) { return loyalty::parse_cart(cart_text); });
}

CallResult QuoteProduct(int program, const std::string& customer_or_state, const std::string& product,
                        double now) {
  return QuoteWith(program, customer_or_state, now, [&](const loyalty::Program& p) {
    using CartResult = loyalty::Result<loyalty::Cart>;
    // The product as the one line of a cart in the shop currency.
    auto line = loyalty::parse_json(product, "product");
    if (!line.ok()) return CartResult::failure(line.errors);
    if (!line.value.is_object()) return CartResult::failure("", "product must be an object");
    if (line.value.find("id") == line.value.end()) line.value["id"] = "product";
    json cart_json = json::object();
    cart_json["currency"] = p.currency;
    cart_json["lines"] = json::array();
    cart_json["lines"].push_back(std::move(line.value));
    auto cart = loyalty::cart_from_json(cart_json);
    // Name the product's own fields, not the synthetic cart's.
    for (auto& e : cart.errors)
      if (e.pointer.rfind("/lines/0", 0) == 0) e.pointer = e.pointer.substr(8);
    return cart;
  });
}

CallResult CustomerSummary(int program, const std::string& state, const std::string& cart_text,
                           double now) {
  return QuoteWith(program, state, now, [&](const loyalty::Program& p) {
    if (!Blank(cart_text)) return loyalty::parse_cart(cart_text);
    loyalty::Cart empty;
    empty.currency = p.currency;
    return loyalty::Result<loyalty::Cart>::success(empty);
  });
}

CallResult AssignVariant(const std::string& experiment, const std::string& visitor, double shown_basis_points) {
  // Checked as a double first: a fraction, NaN or infinity must not be truncated into a split (-1: refused below).
  const bool whole = shown_basis_points >= 0 && shown_basis_points <= loyalty::kSplitScale &&
                     shown_basis_points == std::floor(shown_basis_points);
  const int split = whole ? static_cast<int>(shown_basis_points) : -1;
  if (auto errors = loyalty::check_experiment(experiment, split); !errors.empty()) return Fail(errors);
  return Ok(json(loyalty::variant_name(loyalty::assign_variant(experiment, visitor, split))));
}

CallResult RewardValue(int program, const std::string& reward_id, double points, const std::string& state) {
  const loyalty::Program* p = Loaded(program);
  if (!p) return kNotLoaded;
  const loyalty::Reward* r = p->find_reward(reward_id);
  if (!r || r->kind != loyalty::RewardKind::Variable) return Fail("/reward_id", "is not a variable reward");
  if (!std::isfinite(points) || points != std::floor(points) || std::fabs(points) > 9e15) return Fail("/points", "must be whole");
  const loyalty::Points n(static_cast<std::int64_t>(points));
  // The value alone (minor units): the caller knows which points it asked about.
  // With the server's state, also within its balance (the panel's picker).
  Errors errors;
  Who who;
  if (!ReadWho(state, &who, &errors)) return Fail(errors);
  auto value = who.is_state ? loyalty::variable_value(*r, n, who.state.balance) : loyalty::variable_value(*r, n);
  if (!value.ok()) return Fail(value.errors);
  return Ok(json(value.value));
}

CallResult NormalizeReferralCode(const std::string& code) {
  std::string why;
  auto normalized = loyalty::normalize_code(code, &why);
  if (!normalized) return Fail("", why.empty() ? "not a referral code" : why);
  json out = json::object();
  out["code"] = *normalized;
  out["display"] = loyalty::format_code(*normalized);
  return Ok(out);
}

CallResult ParseTime(const std::string& text) {
  auto t = loyalty::parse_iso8601(text);
  if (!t) return Fail("/now", "must be ISO 8601 with an offset, like 2026-11-28T10:00:00Z");
  return Ok(json(*t));
}

#ifdef LOYALTY_WASM_SIMULATE
CallResult NormalizedProgram(int program) {
  const loyalty::Program* p = Loaded(program);
  if (!p) return kNotLoaded;
  return Ok(loyalty::to_json(*p));
}

CallResult Simulate(int program, const std::string& orders_csv, int redeeming_percent, double end) {
  const loyalty::Program* p = Loaded(program);
  if (!p) return kNotLoaded;
  auto orders = loyalty::parse_orders_csv(orders_csv);
  if (!orders.ok()) return Fail(orders.errors);
  if (redeeming_percent < 0 || redeeming_percent > 100) return Fail("/redeeming_percent", "must be 0..100");
  loyalty::SimulationOptions options;
  options.redeeming_percent = redeeming_percent;
  if (end != 0 && !Seconds(end, &options.end)) return Fail("/end", "must be whole epoch seconds");
  auto report = loyalty::simulate(*p, orders.value, options);
  if (!report.ok()) return Fail(report.errors);
  return Ok(loyalty::to_json(report.value, *p));
}
#endif

int CachedPrograms() { return static_cast<int>(Cache().size()); }

}  // namespace loyalty_wasm
