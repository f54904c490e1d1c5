#include "service/shopper_service.h"

#include "loyalty/json_io.h"
#include "loyalty/referral_code.h"
#include "service/errors.h"
#include "service/json_body.h"

namespace loyalty::server {

using nlohmann::json;

std::optional<ProgramRecord> ShopperService::program(const std::string& shop) { return store_.shops().program(shop); }

Outcome ShopperService::redeem(const ShopRecord& shop, const std::string& customer, const std::string& key,
                               const std::string& body, std::int64_t now) {
  if (key.empty()) throw ApiError(400, "the Idempotency-Key header is required", "");
  check_key(key);
  const json req = read_json_object(body, "request", {"reward_id", "points"});
  if (!req.contains("reward_id")) throw ApiError(422, "is required", "/reward_id");
  const std::string fingerprint = request_hash("redeem", req);
  // A known key answers what it answered the first time, ahead of any limit.
  if (auto done = writes_.stored_answer(shop, customer, key, fingerprint)) return *done;
  if (!redeem_limit_.allow(shop.id + "|" + customer, now_ms())) throw ApiError(429, "too many redemptions; try again in a minute", "");
  auto redeem = read_event_body<loyalty::Redeem>(req);
  redeem.seed = shop.code_seed & 0x7fffffffffffffffULL;
  const loyalty::Event e{"redeem-" + key, now, std::move(redeem)};
  const ProgramRecord prog = require_program(store_, shop.id);
  return writes_.in_customer_tx(shop, customer, prog, now, [&](CustomerTx& tx) -> Outcome {
    if (auto done = writes_.stored_answer(tx.conn, shop, customer, key, fingerprint)) return *done;
    Applied a = writes_.apply(tx, shop, customer, e, std::nullopt, now);
    const loyalty::LedgerEntry* redeemed = nullptr;
    for (const auto& en : a.entries)
      if (en.type() == loyalty::EntryType::Redeem) redeemed = &en;
    if (!redeemed) throw ApiError(409, "this redemption was already made", "");
    if (over_limit(a.before, limits_.redemptions_per_minute, now, [](const loyalty::LedgerEntry& en) {
          return en.type() == loyalty::EntryType::Redeem;
        }))
      throw ApiError(429, "too many redemptions; try again in a minute", "");
    const auto s = loyalty::state_at(*tx.program.program, a.profile, a.ledger(), now);
    const auto& coupon = *redeemed->as<loyalty::RedeemEntry>();
    const Outcome out{201, {{"code", coupon.code}, {"reward_id", coupon.reward_id}, {"points", -redeemed->points},
                            {"value", coupon.value}, {"balance", s.balance}}};
    writes_.save_answer(tx.conn, shop, customer, key, out, fingerprint, now);
    ++counters_.redemptions;
    return out;
  });
}

Outcome ShopperService::claim_action(const ShopRecord& shop, const std::string& customer, const std::string& key,
                                     const std::string& body, std::int64_t now) {
  check_key(key);
  const json req = read_json_object(body, "request", {"action"});
  if (!req.contains("action") || !req["action"].is_string()) throw ApiError(422, "is required (an action type)", "/action");
  const ProgramRecord prog = require_program(store_, shop.id);
  const loyalty::ActionRule* rule = prog.program->find_action(req["action"].get<std::string>());
  if (!rule) throw ApiError(422, "no such action in the program", "/action");
  if (!rule->self_claimed) throw ApiError(403, "this action is verified by the shop, not claimed by the shopper", "/action");
  const std::string fingerprint = request_hash("action", req);
  if (!key.empty())
    if (auto done = writes_.stored_answer(shop, customer, "action:" + key, fingerprint)) return *done;
  if (!action_limit_.allow(shop.id + "|" + customer, now_ms())) throw ApiError(429, "too many claims; try again in a minute", "");
  const std::string id = "claim-" + (key.empty() ? unique_suffix() : key);
  const loyalty::Event e{id, now, read_event_body<loyalty::Action>(req)};  // the core's limits on what the ledger keeps
  return writes_.in_customer_tx(shop, customer, prog, now, [&](CustomerTx& tx) -> Outcome {
    if (!key.empty())
      if (auto done = writes_.stored_answer(tx.conn, shop, customer, "action:" + key, fingerprint)) return *done;
    Applied a = writes_.apply(tx, shop, customer, e, std::nullopt, now);
    if (!a.duplicate && over_limit(a.before, limits_.actions_per_minute, now, [](const loyalty::LedgerEntry& en) {
          return en.type() == loyalty::EntryType::Action && en.event_id.rfind("claim-", 0) == 0;
        }))
      throw ApiError(429, "too many claims; try again in a minute", "");
    const auto s = loyalty::state_at(*tx.program.program, a.profile, a.ledger(), now);
    loyalty::Points pts{};
    for (const auto& en : a.entries)
      if (en.type() == loyalty::EntryType::Action) pts += en.points;
    const Outcome out{201, {{"action", rule->type}, {"points", pts}, {"balance", s.balance}, {"duplicate", a.duplicate}}};
    if (!key.empty()) writes_.save_answer(tx.conn, shop, customer, "action:" + key, out, fingerprint, now);
    return out;
  });
}

Outcome ShopperService::referral_visit(const ShopRecord& shop, const std::string& body, std::int64_t now) {
  const json req = read_json_object(body, "request", {"code"});
  if (!req.contains("code") || !req["code"].is_string()) throw ApiError(422, "is required (a referral code)", "/code");
  std::string why;
  auto code = loyalty::normalize_code(req["code"].get<std::string>(), &why);
  if (!code) throw ApiError(422, "referral code " + why, "/code");
  auto c = store_.conn();
  if (!store_.customers().by_referral_code(*c, shop.id, *code)) throw ApiError(404, "no customer has this referral code", "/code");
  in_write_tx(*c, [&] { store_.customers().record_referral_visit(*c, shop.id, *code, now); });
  return {200, {{"code", loyalty::format_code(*code)}, {"recorded", true}}};
}

}  // namespace loyalty::server
