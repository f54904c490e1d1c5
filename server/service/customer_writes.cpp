#include "service/customer_writes.h"

#include <algorithm>

#include "auth/crypto.h"
#include "loyalty/json_io.h"
#include "loyalty/next_check.h"
#include "loyalty/notification.h"
#include "loyalty/referral_code.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "service/notification_outbox.h"
#include "service/shopper_notes.h"

namespace loyalty::server {

using nlohmann::json;

ProgramRecord require_program(Store& store, const std::string& shop) {
  auto p = store.shops().program(shop);
  if (!p) throw ApiError(409, "the shop has no program yet (PUT /api/v1/admin/shops/" + shop + "/program)", "");
  return std::move(*p);
}

loyalty::Event event_or_throw(const json& j) {
  auto e = loyalty::event_from_json(to_core(j));
  if (!e.ok()) throw ApiError::from(422, e.errors);
  return std::move(e.value);
}

std::string request_hash(const char* route, const json& req) { return to_hex(sha256(std::string(route) + "\n" + req.dump())); }

void check_key(const std::string& key) {
  if (key.size() > 200) throw ApiError(400, "Idempotency-Key must be at most 200 characters", "");
  for (char ch : key)
    if (static_cast<unsigned char>(ch) < 0x20) throw ApiError(400, "Idempotency-Key must not contain control characters", "");
}

std::string unique_suffix() { return std::to_string(now_ms()) + "-" + random_hex(6); }

loyalty::LedgerView Applied::ledger() const {
  loyalty::LedgerView v = before.view();
  for (const auto& e : entries) v.push_back(&e);
  return v;
}

void CustomerWrites::lock(Conn& c, const ShopRecord& shop, const std::string& customer, std::int64_t now) {
  store_.customers().lock(c, shop.id, customer, loyalty::make_referral_code(shop.code_seed, customer), now);
}

Applied CustomerWrites::apply(CustomerTx& tx, const ShopRecord& shop, const std::string& customer, const loyalty::Event& e,
                              const std::optional<loyalty::ProfilePatch>& profile, std::int64_t now) {
  Conn& c = tx.conn;
  const ProgramRecord& prog = tx.program;
  if (std::find(tx.locked.begin(), tx.locked.end(), customer) == tx.locked.end()) {
    lock(c, shop, customer, now);
    tx.locked.push_back(customer);
  }
  Applied out;
  // Through the parsed-ledger cache: a long history is not parsed again.
  out.before = store_.ledgers().read(c, shop.id, customer);
  out.profile = out.before.profile;
  // The profile is merged (and saved) before the core's duplicate check, as
  // it always was: a repeated event still updates it, or refuses a bad one.
  if (profile) {
    // A patch built from a platform's payload is checked here: what is saved
    // is always a profile profile_from_json reads back.
    const loyalty::Errors errors = loyalty::profile_patch_errors(*profile, "/profile");
    if (!errors.empty()) throw ApiError::from(422, errors);
    out.profile = loyalty::apply_patch(std::move(out.profile), *profile);
    store_.customers().save_profile(c, shop.id, out.profile);
  }
  auto r = loyalty::apply(*prog.program, out.profile, out.before.view(), e, now);
  if (!r.ok()) throw ApiError::from(422, r.errors);
  if (r.value.duplicate) {
    out.duplicate = true;
    if (e.as<loyalty::Tick>()) {
      // Time alone may still owe a notice (points about to expire, a lapse).
      store_notices(c, *prog.program, shop.id, customer, out, loyalty::next_due_at(*prog.program, out.profile, out.ledger(), now), now);
    }
    return out;
  }
  out.written = store_.customers().insert_entries(c, shop.id, customer, r.value.entries);
  out.coupon = r.value.coupon_code;
  out.referrer_code = std::move(r.value.referrer_code);
  out.referrer_event = std::move(r.value.referrer_event);
  out.entries = std::move(r.value.entries);
  store_notices(c, *prog.program, shop.id, customer, out, r.value.next_due, now);
  counters_.entries_written += out.written;
  return out;
}

// What the change tells the customer goes into the outbox (for the shop's
// receivers) and the shopper's notes (for the widget) in this transaction:
// committed with the entries or not at all; a win-back offer is recorded for the
// merchant's analytics too, receivers or not. Then the customer's row gets its
// next timer check (the earlier of `next_due` and when time alone next owes a
// notice, written only when it changed) and its notes.
void CustomerWrites::store_notices(Conn& c, const loyalty::Program& p, const std::string& shop, const std::string& customer,
                                   const Applied& a, std::int64_t next_due, std::int64_t now) {
  const loyalty::Notices n = loyalty::notices_for(p, a.profile, a.before.view(), a.entries, now);
  write_notifications(store_, c, p, shop, customer, n.list, now);
  std::optional<std::string> notes;
  if (std::any_of(n.list.begin(), n.list.end(), [](const auto& x) { return is_shopper_note(x.kind); }))
    notes = with_shopper_notes(customer, a.before.notes, n.list, now);  // read with the ledger, under the customer's lock
  for (const auto& x : n.list)
    if (x.kind == loyalty::NotificationKind::WinBackOffer) store_.win_back_offers().add(c, shop, customer, x);
  store_.customers().set_next_check(c, shop, customer, loyalty::next_check_at(next_due, n.next_at, now), notes);
}

std::optional<Outcome> CustomerWrites::stored_answer(Conn& c, const ShopRecord& shop, const std::string& customer,
                                             const std::string& key, const std::string& fingerprint) {
  auto done = store_.idempotency().find(c, shop.id, customer, key);
  if (!done) return std::nullopt;
  // Same key, another request: refused, never answered with the first one's result (Stripe does the same).
  if (!done->request_hash.empty() && done->request_hash != fingerprint)
    throw ApiError(422, "Idempotency-Key was already used with a different request; use a new key for a new request", "");
  return Outcome{done->status, stored_json(done->response, "idempotency.response for " + shop.id + "/" + customer)};
}

std::optional<Outcome> CustomerWrites::stored_answer(const ShopRecord& shop, const std::string& customer, const std::string& key,
                                             const std::string& fingerprint) {
  auto c = store_.conn();
  return stored_answer(*c, shop, customer, key, fingerprint);
}

void CustomerWrites::save_answer(Conn& c, const ShopRecord& shop, const std::string& customer, const std::string& key,
                                 const Outcome& answer, const std::string& fingerprint, std::int64_t now) {
  store_.idempotency().save(c, shop.id, customer, key, {answer.status, dump(answer.body), fingerprint}, now);
}

}  // namespace loyalty::server
