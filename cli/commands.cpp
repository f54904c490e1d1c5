#include "commands.h"

#include <cstdio>
#include <ctime>
#include <iostream>

#include "files.h"
#include "loyalty/experiment.h"
#include "loyalty/json_io.h"
#include "loyalty/referral_code.h"
#include "tz_rule.h"

namespace loyalty_cli {

using namespace loyalty;

namespace {

constexpr int kOk = 0, kInvalid = 1, kUsage = 2;

void print_line(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fputc('\n', stdout);
}

int usage(const std::string& message) {
  std::fprintf(stderr, "loyalty: %s (see loyalty --help)\n", message.c_str());
  return kUsage;
}

// Errors as JSON on stdout (for scripts) and as text on stderr (for people).
int fail(const Errors& errors, const std::string& what) {
  print_line(dump({{"errors", errors_json(errors)}}));
  for (const auto& e : errors) std::fprintf(stderr, "%s: %s\n", what.c_str(), e.text().c_str());
  return kInvalid;
}

std::optional<std::string> load(const Args& a, const std::string& option, int* code) {
  if (!a.has(option) || a.get(option).empty()) {
    *code = usage("--" + option + " FILE is required");
    return std::nullopt;
  }
  std::string error;
  auto text = read_file(a.get(option), &error);
  if (!text) {
    std::fprintf(stderr, "loyalty: %s\n", error.c_str());
    *code = kInvalid;
  }
  return text;
}

// A program as the core reads it, a zone named without its rule filled from
// the system's tz data (as the server does when it stores one).
Result<Program> program_with_zone(json doc) {
  if (std::string e = loyalty_tz::fill_time_zone_rule(doc); !e.empty()) return Result<Program>::failure("/time_zone", e);
  return program_from_json(doc);
}

Result<Program> read_program(const std::string& text) {
  auto j = parse_json(text, "program");
  if (!j.ok()) return Result<Program>::failure(j.errors);
  return program_with_zone(std::move(j.value));
}

bool now_from(const Args& a, Seconds* now, int* code) {
  if (!a.has("now")) {
    *now = static_cast<Seconds>(std::time(nullptr));
    return true;
  }
  auto t = parse_iso8601(a.get("now"));
  if (!t) {
    *code = usage("--now must be ISO 8601 with an offset, like 2026-11-28T10:00:00Z");
    return false;
  }
  *now = *t;
  return true;
}

bool load_program(const Args& a, Program* p, int* code) {
  auto text = load(a, "program", code);
  if (!text) return false;
  auto r = read_program(*text);
  if (!r.ok()) {
    *code = fail(r.errors, "program");
    return false;
  }
  *p = std::move(r.value);
  return true;
}

// --customer (profile and maybe a ledger) plus --ledger (JSONL entries).
bool load_customer(const Args& a, Customer* c, int* code) {
  if (a.has("customer")) {
    auto text = load(a, "customer", code);
    if (!text) return false;
    auto r = parse_customer(*text);
    if (!r.ok()) {
      *code = fail(r.errors, "customer");
      return false;
    }
    *c = std::move(r.value);
  } else {
    c->profile.id = "customer";
  }
  if (a.has("ledger")) {
    auto text = load(a, "ledger", code);
    if (!text) return false;
    auto r = parse_ledger_jsonl(*text);
    if (!r.ok()) {
      *code = fail(r.errors, "ledger");
      return false;
    }
    c->ledger.insert(c->ledger.end(), r.value.begin(), r.value.end());
  }
  return true;
}

}  // namespace

int cmd_validate(const Args& a) {
  if (a.positional.size() != 1) return usage("validate takes one PROGRAM.json");
  std::string error;
  auto text = read_file(a.positional[0], &error);
  if (!text) {
    std::fprintf(stderr, "loyalty: %s\n", error.c_str());
    return kInvalid;
  }
  auto r = read_program(*text);
  if (a.has("normalised") && r.ok()) {
    // What is printed must read back as this very program; a writer that lost
    // or changed a field is refused here rather than handed to a merchant.
    const json normal = to_json(r.value);
    auto back = program_from_json(normal);
    if (!back.ok() || !(back.value == r.value)) {
      std::fprintf(stderr, "loyalty: the normalised program does not read back as the same program: %s\n",
                   back.ok() ? "a field differs" : back.error_text().c_str());
      return kInvalid;
    }
    print_line(dump(normal));
  } else if (a.has("json")) {
    print_line(dump(r.ok() ? json{{"valid", true}, {"version", r.value.version}}
                           : json{{"valid", false}, {"errors", errors_json(r.errors)}}));
  } else if (r.ok()) {
    print_line(a.positional[0] + ": valid (" + r.value.name + ", version " + std::to_string(r.value.version) + ")");
  } else {
    for (const auto& e : r.errors) print_line(e.text());
  }
  return r.ok() ? kOk : kInvalid;
}

int cmd_quote(const Args& a) {
  int code = kOk;
  Program p;
  Customer c;
  Seconds now;
  if (!load_program(a, &p, &code) || !load_customer(a, &c, &code) || !now_from(a, &now, &code)) return code;
  auto cart_text = load(a, "cart", &code);
  if (!cart_text) return code;
  auto cart = parse_cart(*cart_text);
  if (!cart.ok()) return fail(cart.errors, "cart");
  auto q = quote(p, c, cart.value, now);
  if (!q.ok()) return fail(q.errors, "quote");
  print_line(dump(to_json(q.value, p)));
  return kOk;
}

namespace {

// One JSON case per line of stdin ({"program":{...},"customer":{...},"cart":{...},
// "now":"..."}), one JSON line out per case: `answer` for a case whose parts
// parse, else {"errors":[...]} for the first part that does not (program,
// customer, cart, now: the order the wasm bindings check them in).
template <class Answer>
int for_each_case(bool needs_cart, Answer answer) {
  std::string error;
  auto text = read_file("-", &error);
  if (!text) return usage(error);
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    const std::string line = text->substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    auto j = parse_json(line, "case");
    json out;
    // Only members are read, each checked for its type: a malformed line
    // answers with an error line and the batch goes on.
    auto member = [&](const char* key, json fallback) {
      auto it = j.value.find(key);
      return it == j.value.end() ? fallback : *it;
    };
    if (!j.ok()) {
      out = {{"errors", errors_json(j.errors)}};
    } else if (!j.value.is_object()) {
      out = {{"errors", errors_json({{"", "must be an object like {\"program\":...,\"customer\":...,\"now\":...}"}})}};
    } else {
      auto p = program_with_zone(member("program", json()));
      auto c = customer_from_json(member("customer", json{{"id", "customer"}}));
      auto cart = needs_cart ? cart_from_json(member("cart", json())) : Result<Cart>::success(Cart{});
      const json now_text = member("now", "");
      auto now = now_text.is_string() ? parse_iso8601(now_text.get<std::string>()) : std::nullopt;
      if (!p.ok()) out = {{"errors", errors_json(p.errors)}};
      else if (!c.ok()) out = {{"errors", errors_json(c.errors)}};
      else if (!cart.ok()) out = {{"errors", errors_json(cart.errors)}};
      else if (!now) out = {{"errors", errors_json({{"/now", "must be ISO 8601 with an offset"}})}};
      else out = answer(p.value, c.value, cart.value, *now);
    }
    print_line(dump(out));
  }
  return kOk;
}

}  // namespace

// Many quotes in one process (the wasm parity test's reference).
int cmd_quote_batch(const Args&) {
  return for_each_case(true, [](const Program& p, const Customer& c, const Cart& cart, Seconds now) {
    auto q = quote(p, c, cart, now);
    return q.ok() ? to_json(q.value, p) : json{{"errors", errors_json(q.errors)}};
  });
}

// Many customer states in one process: what the server would send the widget
// for each case's customer (the cart is not read).
int cmd_state_batch(const Args&) {
  return for_each_case(false, [](const Program& p, const Customer& c, const Cart&, Seconds now) {
    auto s = checked_state_at(p, c.profile, view_of(c.ledger), now);
    return s.ok() ? to_json(s.value, p) : json{{"errors", errors_json(s.errors)}};
  });
}

int cmd_apply(const Args& a) {
  int code = kOk;
  Program p;
  Customer c;
  Seconds now;
  if (!load_program(a, &p, &code) || !load_customer(a, &c, &code) || !now_from(a, &now, &code)) return code;
  auto event_text = load(a, "event", &code);
  if (!event_text) return code;
  auto e = parse_event(*event_text);
  if (!e.ok()) return fail(e.errors, "event");
  auto r = apply(p, c, e.value, now);
  if (!r.ok()) return fail(r.errors, "apply");
  for (const auto& entry : r.value.entries) print_line(dump(to_json(entry)));
  if (r.value.duplicate) std::fprintf(stderr, "loyalty: event %s was applied before; nothing new\n", e.value.id.c_str());
  if (!r.value.coupon_code.empty()) std::fprintf(stderr, "coupon: %s\n", r.value.coupon_code.c_str());
  return kOk;
}

namespace {

// The customer's state from --program, --customer/--ledger and --now, then `out(program, state, now)` printed.
template <class Out>
int with_state(const Args& a, Out out) {
  int code = kOk;
  Program p;
  Customer c;
  Seconds now;
  if (!load_program(a, &p, &code) || !load_customer(a, &c, &code) || !now_from(a, &now, &code)) return code;
  auto s = checked_state_at(p, c.profile, view_of(c.ledger), now);
  if (!s.ok()) return fail(s.errors, "state");
  print_line(dump(out(p, s.value, now)));
  return kOk;
}

}  // namespace

int cmd_state(const Args& a) {
  return with_state(a, [](const Program& p, const CustomerState& s, Seconds) { return to_json(s, p); });
}

// The rewards the customer can redeem now, as the server's /me lists them.
int cmd_rewards(const Args& a) {
  return with_state(a, [](const Program& p, const CustomerState& s, Seconds now) { return to_json(redeem_options(p, s, now), p); });
}

int cmd_simulate(const Args& a) {
  int code = kOk;
  Program p;
  if (!load_program(a, &p, &code)) return code;
  auto csv = load(a, "orders", &code);
  if (!csv) return code;
  auto orders = parse_orders_csv(*csv);
  if (!orders.ok()) return fail(orders.errors, "orders");
  SimulationOptions options;
  if (a.has("redeeming-percent")) {
    const std::string v = a.get("redeeming-percent");
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || n < 0 || n > 100) return usage("--redeeming-percent must be 0..100");
    options.redeeming_percent = n;
  }
  if (a.has("end")) {
    auto t = parse_iso8601(a.get("end"));
    if (!t) return usage("--end must be ISO 8601 with an offset");
    options.end = *t;
  }
  auto report = simulate(p, orders.value, options);
  if (!report.ok()) return fail(report.errors, "simulate");
  print_line(dump(to_json(report.value, p)));
  return kOk;
}

int cmd_generate_orders(const Args& a) {
  char* end = nullptr;
  const std::string count_text = a.get("count", "1000");
  long long count = std::strtoll(count_text.c_str(), &end, 10);
  if (count_text.empty() || *end || count < 0 || count > 10000000) return usage("--count must be 0..10000000");
  const std::string seed_text = a.get("seed", "1");
  unsigned long long seed = std::strtoull(seed_text.c_str(), &end, 10);
  if (seed_text.empty() || *end) return usage("--seed must be a whole number");
  auto from = parse_iso8601(a.get("from", "2025-01-01T00:00:00Z"));
  auto to = parse_iso8601(a.get("to", "2026-01-01T00:00:00Z"));
  if (!from || !to || *to <= *from) return usage("--from and --to must be ISO 8601 times, --to after --from");
  std::string csv = orders_to_csv(generate_orders(seed, count, *from, *to));
  std::fwrite(csv.data(), 1, csv.size(), stdout);
  return kOk;
}

int cmd_referral_code(const Args& a) {
  if (a.has("check")) {
    std::string why;
    auto code = normalize_code(a.get("check"), &why);
    if (!code) {
      print_line("invalid: " + why);
      return kInvalid;
    }
    print_line(format_code(*code));
    return kOk;
  }
  if (!a.has("make")) return usage("referral-code needs --make CUSTOMER_ID --seed S or --check CODE");
  char* end = nullptr;
  const std::string seed_text = a.get("seed", "0");
  unsigned long long seed = std::strtoull(seed_text.c_str(), &end, 10);
  if (*end) return usage("--seed must be a whole number");
  print_line(format_code(make_referral_code(seed, a.get("make"))));
  return kOk;
}

// One visitor id per line on stdin, its variant per line on stdout: what the
// server computes for an exposure (the wasm parity test compares the widget's).
int cmd_variant(const Args& a) {
  if (!a.has("experiment")) return usage("variant needs --experiment ID --split BASIS_POINTS");
  char* end = nullptr;
  const std::string split_text = a.get("split", "5000");
  const long split = std::strtol(split_text.c_str(), &end, 10);
  if (split_text.empty() || *end || split < 0 || split > kSplitScale) return usage("--split must be 0 to 10000 basis points");
  const std::string experiment = a.get("experiment");
  if (auto errors = check_experiment(experiment, static_cast<int>(split)); !errors.empty()) return fail(errors, "experiment");
  std::string visitor, out;
  while (std::getline(std::cin, visitor)) {
    out += variant_name(assign_variant(experiment, visitor, static_cast<int>(split)));
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kOk;
}

}  // namespace loyalty_cli
