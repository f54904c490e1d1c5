// Ledger entries <-> JSON, one by one and as JSON lines.
#include <cstring>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

#include "json_reader.h"
#include "loyalty/json_io.h"

namespace loyalty {

namespace {

// Every member only some kinds have: on an entry of another kind it is refused.
constexpr const char* kKindMembers[] = {"order_id", "refund_id", "reward_id", "code", "value", "action", "tier", "ref",
                                        "partner", "note", "order_eligible", "order_points", "lines", "coupons", "until"};

// An empty body of the type's kind (the variant lists the kinds in EntryType's order).
template <size_t I = 0>
EntryBody body_of(EntryType t) {
  if constexpr (I < std::variant_size_v<EntryBody>) {
    if (static_cast<size_t>(t) == I) return EntryBody(std::in_place_index<I>);
    return body_of<I + 1>(t);
  } else {
    return AdjustEntry{};
  }
}

// The members of an entry that follows up an earlier one, and of a refund's step.
template <class IO, class B>
void follow_up_members(IO& io, B& b) {
  io.text("ref", b.ref, 300);
  io.text("order_id", b.order_id, 128);
}
template <class IO, class B>
void refund_step_members(IO& io, B& b) {
  follow_up_members(io, b);
  io.text("refund_id", b.refund_id, 128);
  io.amount("order_points", b.order_points);
}

// Each kind's members, once for both directions: `io` reads them into the body
// (BodyReader) or writes them out of it (BodyWriter), so what is written is
// what is read back, and what a kind does not list is refused on reading.
template <class IO, class B>
void members(IO& io, B& b) {
  using K = std::remove_const_t<B>;
  if constexpr (std::is_same_v<K, EarnEntry>) {
    io.text("order_id", b.order_id, 128);
    io.text("ref", b.ref, 300);
    io.always("order_eligible", b.order_eligible, 0);  // always written: a refund reads them
    io.always("order_points", b.order_points, -kMaxAmount);
    io.lines(b.lines, true);
    io.ids("coupons", b.coupons);
  } else if constexpr (std::is_same_v<K, MatureEntry>) {
    follow_up_members(io, b);
  } else if constexpr (std::is_same_v<K, ActionEntry>) {
    io.text("action", b.action, 64);
  } else if constexpr (std::is_same_v<K, ReferralEntry>) {
    io.text("code", b.code, 64);
    io.text("order_id", b.order_id, 128);
    io.text("reward_id", b.reward_id, 128);
    io.amount("value", b.value);
    io.text("note", b.note, 500);
  } else if constexpr (std::is_same_v<K, TierChangeEntry>) {
    io.text("tier", b.tier, 128);
    io.text("ref", b.previous_tier, 300);
  } else if constexpr (std::is_same_v<K, TierRewardEntry>) {
    io.text("tier", b.tier, 128);
  } else if constexpr (std::is_same_v<K, RedeemEntry>) {
    io.text("reward_id", b.reward_id, 128);
    io.text("code", b.code, 64);
    io.amount("value", b.value);
    io.text("ref", b.ref, 300);
  } else if constexpr (std::is_same_v<K, RestoreEntry>) {
    refund_step_members(io, b);
    io.text("code", b.code, 64);
  } else if constexpr (std::is_same_v<K, ExpireEntry> || std::is_same_v<K, AdjustEntry>) {
    io.text("note", b.note, 500);
  } else if constexpr (std::is_same_v<K, ClawbackEntry>) {
    refund_step_members(io, b);
    io.lines(b.lines, false);
  } else if constexpr (std::is_same_v<K, OffsetEntry>) {
    follow_up_members(io, b);
    io.text("note", b.note, 500);
  } else if constexpr (std::is_same_v<K, MembershipEntry>) {
    io.text("tier", b.plan, 128);
    io.instant("until", b.until);
    io.amount("value", b.value);
  } else {
    static_assert(std::is_same_v<K, ExchangeEntry>, "every kind lists its members");
    io.text("partner", b.partner, 128);
    io.amount("value", b.value);
  }
}

// Reads a body's members, remembering which: a stored row or a hand-made ledger
// with a member of another kind (a redeem with a tier) is corrupt, and refused.
class BodyReader {
 public:
  BodyReader(JsonReader& r, const json& j, const std::string& at) : r_(r), j_(j), at_(at) {}
  template <class B>
  void operator()(B& b) { members(*this, b); }

  void text(const char* key, std::string& v, size_t max_len) { v = r_.text(j_, at_, mark(key), false, "", max_len); }
  // V: Points, Money, or a partner's raw points (ExchangeEntry::value); reading gives it its unit.
  template <class V>
  void amount(const char* key, V& v, std::int64_t min = -kMaxAmount) {
    v = V(r_.integer(j_, at_, mark(key), false, 0, min, kMaxAmount));
  }
  template <class V>
  void always(const char* key, V& v, std::int64_t min) { amount(key, v, min); }
  void instant(const char* key, Seconds& v) { v = r_.instant(j_, at_, mark(key), false, 0); }
  void ids(const char* key, std::vector<std::string>& v) { v = r_.id_list(j_, at_, mark(key), 50); }
  void lines(std::vector<EarnedLine>& out, bool /*always*/) {
    const json* lines = r_.member(j_, at_, mark("lines"), false);
    const std::string lat = pointer_child(at_, "lines");
    if (!lines || !r_.is_array(*lines, lat, 1000)) return;
    for (size_t i = 0; i < lines->size(); ++i) {
      const std::string here = pointer_index(lat, i);
      if (!r_.is_object((*lines)[i], here)) continue;
      EarnedLine l;
      l.line_id = r_.text((*lines)[i], here, "line_id", true, "", 128);
      l.quantity = r_.integer((*lines)[i], here, "quantity", true, 0, 0, 100000);
      l.eligible = r_.amount<Money>((*lines)[i], here, "eligible", true, 0, 0, kMaxAmount);
      out.push_back(l);
    }
  }

  // Every kind's member this kind did not read is an error naming it.
  void refuse_others(EntryType t) {
    for (size_t i = 0; i < std::size(kKindMembers); ++i) {
      const char* key = kKindMembers[i];
      if (!(read_ & (1u << i)) && r_.member(j_, at_, key, false))
        r_.fail(pointer_child(at_, key), std::string("is not part of an entry of type '") + entry_type_name(t) + "'");
    }
  }

 private:
  const char* mark(const char* key) {
    for (size_t i = 0; i < std::size(kKindMembers); ++i)
      if (std::strcmp(kKindMembers[i], key) == 0) read_ |= 1u << i;
    return key;
  }

  JsonReader& r_;
  const json& j_;
  const std::string& at_;
  std::uint32_t read_ = 0;  // bit i: kKindMembers[i] was read
};

// Writes a body's members, leaving out empty and zero ones (but those `always`).
struct BodyWriter {
  json& j;
  template <class B>
  void operator()(const B& b) { members(*this, b); }

  void text(const char* key, const std::string& v, size_t) { if (!v.empty()) j[key] = v; }
  template <class V>
  void amount(const char* key, V v, std::int64_t = 0) { if (v != 0) j[key] = v; }
  template <class V>
  void always(const char* key, V v, std::int64_t) { j[key] = v; }
  void instant(const char* key, Seconds v) { if (v) j[key] = format_iso8601(v); }
  void ids(const char* key, const std::vector<std::string>& v) { if (!v.empty()) j[key] = v; }
  void lines(const std::vector<EarnedLine>& lines, bool always) {
    if (lines.empty() && !always) return;
    json out = json::array();
    for (const auto& l : lines) out.push_back({{"line_id", l.line_id}, {"quantity", l.quantity}, {"eligible", l.eligible}});
    j["lines"] = out;
  }
};

}  // namespace

Result<LedgerEntry> entry_from_json(const json& j, const std::string& at) {
  Errors errors;
  JsonReader r(errors);
  LedgerEntry e;
  if (!r.is_object(j, at)) return Result<LedgerEntry>::failure(errors);
  e.key = r.text(j, at, "key", true, "", 300);
  e.event_id = r.text(j, at, "event_id", false, "", 300);
  std::string type = r.text(j, at, "type", true, "", 20);
  auto t = entry_type_from_name(type);
  if (!t && !type.empty()) r.fail(pointer_child(at, "type"), "unknown entry type '" + type + "'");
  const std::int64_t big = kMaxAmount;
  e.at = r.instant(j, at, "at", true);
  e.occurred_at = r.instant(j, at, "occurred_at", false, 0);
  e.points = r.amount<Points>(j, at, "points", false, 0, -big, big);
  e.pending = r.amount<Points>(j, at, "pending", false, 0, -big, big);
  e.matures_at = r.instant(j, at, "matures_at", false, 0);
  e.expires_at = r.instant(j, at, "expires_at", false, 0);
  e.tier_points = r.amount<Points>(j, at, "tier_points", false, 0, -big, big);
  e.spend = r.amount<Money>(j, at, "spend", false, 0, -big, big);
  e.program_version = r.integer(j, at, "program_version", false, 0, 0, 1000000000);
  e.customer_id = r.text(j, at, "customer_id", false, "", 128);
  if (t) {
    e.body = body_of(*t);
    BodyReader body(r, j, at);
    std::visit(body, e.body);
    body.refuse_others(*t);
  }
  return collected(std::move(errors), std::move(e));
}

json to_json(const LedgerEntry& e) {
  json j = json::object();
  j["key"] = e.key;
  if (!e.event_id.empty()) j["event_id"] = e.event_id;
  j["type"] = entry_type_name(e.type());
  j["at"] = format_iso8601(e.at);
  if (e.occurred_at && e.occurred_at != e.at) j["occurred_at"] = format_iso8601(e.occurred_at);
  j["points"] = e.points;
  if (e.pending) j["pending"] = e.pending;
  if (e.matures_at) j["matures_at"] = format_iso8601(e.matures_at);
  if (e.expires_at) j["expires_at"] = format_iso8601(e.expires_at);
  if (e.tier_points) j["tier_points"] = e.tier_points;
  if (e.spend) j["spend"] = e.spend;
  j["program_version"] = e.program_version;
  if (!e.customer_id.empty()) j["customer_id"] = e.customer_id;
  std::visit(BodyWriter{j}, e.body);
  return j;
}

Result<std::vector<LedgerEntry>> parse_ledger_jsonl(const std::string& text) {
  std::vector<LedgerEntry> out;
  Errors errors;
  size_t start = 0, line_no = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    ++line_no;
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      if (end == text.size()) break;
      continue;
    }
    auto j = parse_json(line, "ledger line " + std::to_string(line_no));
    if (!j.ok()) {
      for (auto& e : j.errors)
        if (!e.pointer.empty()) e.pointer = "/" + std::to_string(line_no - 1) + e.pointer;
      errors.insert(errors.end(), j.errors.begin(), j.errors.end());
    } else {
      auto e = entry_from_json(j.value, "/" + std::to_string(line_no - 1));
      if (e.ok()) out.push_back(std::move(e.value));
      else errors.insert(errors.end(), e.errors.begin(), e.errors.end());
    }
    if (errors.size() > 50) break;
    if (end == text.size()) break;
  }
  return collected(std::move(errors), std::move(out));
}


}  // namespace loyalty
