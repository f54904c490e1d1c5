// A new customer (signup bonus, the referee's reward) and a completed referral
// (the referrer's reward, behind the program's fraud rules and caps).
#include <algorithm>

#include "apply_context.h"
#include "loyalty/referral_code.h"

namespace loyalty::apply_event {

namespace {

std::string normalized_email(const std::string& email) {
  std::string s;
  for (char c : email) s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  size_t at = s.rfind('@');
  if (at == std::string::npos) return s;
  std::string local = s.substr(0, at), domain = s.substr(at + 1);
  local = local.substr(0, local.find('+'));  // "ann+promo@" is "ann@"
  if (domain == "gmail.com" || domain == "googlemail.com") {
    local.erase(std::remove(local.begin(), local.end(), '.'), local.end());
    domain = "gmail.com";
  }
  return local + "@" + domain;
}

}  // namespace

Result<std::string> referral_code_used(const CustomerProfile& who, std::uint64_t seed) {
  using R = Result<std::string>;
  if (who.referred_by.empty()) return R::success("");
  std::string why;
  auto code = normalize_code(who.referred_by, &why);
  if (!code) return R::failure("/referred_by", "referral code " + why);
  if (*code == make_referral_code(seed, who.id)) return R::failure("/referred_by", "is the customer's own code");
  return R::success(*code);
}

Out customer_created(Context& x, const CustomerCreated& c, std::string* coupon) {
  Entries out;
  if (const ActionRule* signup = x.p.find_action("signup"); signup && signup->points > 0) {
    LedgerEntry n = entry(x, "signup", ActionEntry{"signup"});
    award(x, n, signup->points);
    out.push_back(n);
  }
  const ReferralProgram& ref = x.p.referral;
  if (ref.enabled && !x.who.referred_by.empty()) {
    auto code = referral_code_used(x.who, c.seed);
    if (!code.ok()) return Out::failure(code.errors);
    ReferralEntry b;
    b.code = code.value;
    if (ref.referee.kind != ReferralRewardKind::Points) {
      b.value = ref.referee.amount;
      *coupon = make_coupon_code(c.seed, x.who.id + ":referee");
      b.reward_id = "referral";
      b.note = "coupon " + *coupon;
    }
    LedgerEntry n = entry(x, "referee", std::move(b));
    if (ref.referee.kind == ReferralRewardKind::Points) award(x, n, ref.referee.points);
    out.push_back(n);
  }
  return Out::success(out);
}

// The referrer's coupon code is made with the event's seed: with seed 0 it
// could be computed from the two customers' ids by anyone.
Out referral_completed(Context& x, const ReferralCompleted& e) {
  const ReferralProgram& ref = x.p.referral;
  if (!ref.enabled) return Out::failure("/type", "the program has no referral reward");
  // One's own referrer never, whatever block_self_referral says (it no longer decides anything).
  if (e.referee_id == x.who.id) return Out::failure("/referee/id", "self-referral");
  if (ref.block_same_email && !e.referee_email.empty() && !x.who.email.empty() &&
      normalized_email(e.referee_email) == normalized_email(x.who.email))
    return Out::failure("/referee/email", "is the referrer's own email");
  if (ref.block_same_device && !e.referee_device.empty() &&
      std::find(x.who.devices.begin(), x.who.devices.end(), e.referee_device) != x.who.devices.end())
    return Out::failure("/referee/device", "is one of the referrer's own devices");
  if (ref.first_order_only && !e.referee_first_order) return Out::failure("/referee/first_order", "only a first order qualifies");
  if (e.referee_order_eligible < ref.min_order)
    return Out::failure("/referee/order_eligible", "is below the minimum order of " + format_minor(ref.min_order, x.p.minor_digits));
  if (ref.max_per_referrer && x.s.referrals >= ref.max_per_referrer)
    return Out::failure("/referee", "the referrer reached the cap of " + std::to_string(ref.max_per_referrer) + " referrals");
  const std::string key = "referrer:" + e.referee_id;
  ReferralEntry b;
  b.order_id = e.referee_order_id;
  if (ref.referrer.kind != ReferralRewardKind::Points) {
    b.value = ref.referrer.amount;
    b.code = make_coupon_code(e.seed, x.who.id + ":" + key);
  }
  LedgerEntry n = entry(x, key, std::move(b));
  if (ref.referrer.kind == ReferralRewardKind::Points) award(x, n, ref.referrer.points);
  return Out::success({n});
}

}  // namespace loyalty::apply_event
