#include "storage/ledger_columns.h"

#include <type_traits>
#include <variant>

namespace loyalty::server {

namespace {

// `to = get(body)` when the body's kind has the member `get` reads: `get`'s
// decltype return type fails to form for a kind without it (SFINAE), so the
// call is not invocable and the column keeps its empty value.
template <class Body, class Get, class T>
void copy_if_member(const Body& body, Get get, T& to) {
  if constexpr (std::is_invocable_v<Get, const Body&>) to = get(body);
}

// A value column holds money as its number in minor units (a partner's raw points as they are).
std::int64_t column(Money v) { return v.raw(); }
std::int64_t column(std::int64_t v) { return v; }

}  // namespace

LedgerColumns ledger_columns(const loyalty::LedgerEntry& e) {
  LedgerColumns c;
  std::visit(
      [&c](const auto& b) {
        copy_if_member(b, [](const auto& k) -> decltype((k.order_id)) { return k.order_id; }, c.order_id);
        copy_if_member(b, [](const auto& k) -> decltype((k.reward_id)) { return k.reward_id; }, c.reward_id);
        copy_if_member(b, [](const auto& k) -> decltype((k.tier)) { return k.tier; }, c.tier);
        copy_if_member(b, [](const auto& k) -> decltype((k.plan)) { return k.plan; }, c.tier);
        copy_if_member(b, [](const auto& k) -> decltype((k.code)) { return k.code; }, c.code);
        copy_if_member(b, [](const auto& k) -> decltype((k.note)) { return k.note; }, c.note);
        copy_if_member(b, [](const auto& k) -> decltype(column(k.value)) { return column(k.value); }, c.value);
      },
      e.body);
  return c;
}

}  // namespace loyalty::server
