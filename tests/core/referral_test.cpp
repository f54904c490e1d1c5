#include "helpers.h"
#include "loyalty/referral_code.h"

using namespace loyalty;
using namespace test;

namespace {

Program referral_program(const char* extra = "{}") {
  nlohmann::json patch = nlohmann::json::parse(R"({"referral": {
      "referrer": {"kind": "points", "points": 1000},
      "referee": {"kind": "fixed_discount", "amount": 1000},
      "min_order": 5000, "first_order_only": true, "max_per_referrer": 2}})");
  patch.merge_patch(nlohmann::json::parse(extra));
  return program(patch);
}

Event completed(const std::string& referee, Money eligible, const std::string& email = "", const std::string& device = "") {
  ReferralCompleted f;
  f.referee_id = referee;
  f.referee_email = email;
  f.referee_device = device;
  f.referee_order_id = "o-" + referee;
  f.referee_order_eligible = eligible;
  return Event{"ref-" + referee, 1000, f};
}

}  // namespace

TEST_CASE("referral: give 10, get 10 — referee coupon at signup, referrer points on a qualifying order", "[referral]") {
  const std::uint64_t seed = 5;
  Shopper friend_(referral_program(), "friend");
  friend_.c.profile.referred_by = format_code(make_referral_code(seed, "ann"));
  const Event created{"created", 1000, CustomerCreated{seed}};
  auto got = friend_.apply_ok(created);
  REQUIRE(got.entries.size() == 1);
  CHECK(got.entries[0].type() == EntryType::Referral);
  CHECK(got.entries[0].as<ReferralEntry>()->value == 1000);
  CHECK_FALSE(got.coupon_code.empty());

  Shopper ann(referral_program(), "ann");
  ann.c.profile.email = "Ann.Lee+shop@gmail.com";
  ann.apply_ok(completed("friend", Money{5000}));
  CHECK(ann.state(2000).balance == 1000);
  CHECK(ann.state(2000).referrals == 1);
  CHECK(ann.apply_ok(completed("friend", Money{5000})).duplicate);
}

TEST_CASE("referral: conditions and fraud rules refuse with a reason", "[referral]") {
  Shopper ann(referral_program(), "ann");
  ann.c.profile.email = "Ann.Lee+shop@gmail.com";
  ann.c.profile.devices = {"device-A"};
  CHECK(has_error(ann.apply_fails(completed("b", Money{4999})), "/referee/order_eligible"));
  CHECK(has_error(ann.apply_fails(completed("ann", Money{9000})), "/referee/id", "self-referral"));
  CHECK(has_error(ann.apply_fails(completed("c", Money{9000}, "annlee@googlemail.com")), "/referee/email"));
  CHECK(has_error(ann.apply_fails(completed("d", Money{9000}, "", "device-A")), "/referee/device"));
  Event repeat = completed("e", Money{9000});
  body<ReferralCompleted>(repeat).referee_first_order = false;
  CHECK(has_error(ann.apply_fails(repeat), "/referee/first_order"));
}

TEST_CASE("referral: the cap per referrer holds", "[referral]") {
  Shopper ann(referral_program(), "ann");
  ann.apply_ok(completed("f1", Money{6000}));
  ann.apply_ok(completed("f2", Money{6000}));
  CHECK(has_error(ann.apply_fails(completed("f3", Money{6000})), "/referee", "cap of 2"));
  CHECK(ann.state(2000).balance == 2000);
}

TEST_CASE("referral: own code and mistyped codes are refused at signup", "[referral]") {
  Shopper self(referral_program(), "ann");
  self.c.profile.referred_by = make_referral_code(5, "ann");
  const Event created{"created", 1000, CustomerCreated{5}};
  CHECK(has_error(self.apply_fails(created), "/referred_by", "own code"));
  Shopper typo(referral_program(), "bob");
  std::string code = make_referral_code(5, "ann");
  code[2] = code[2] == 'A' ? 'B' : 'A';
  typo.c.profile.referred_by = code;
  CHECK(has_error(typo.apply_fails(created), "/referred_by", "check character"));
}

TEST_CASE("referral: the referee's first order returns the referrer's follow-up event; later orders do not", "[referral]") {
  const std::uint64_t seed = 5;
  Shopper friend_(referral_program(), "friend");
  friend_.c.profile.referred_by = format_code(make_referral_code(seed, "ann"));
  friend_.c.profile.email = "friend@example.com";
  const Applied first = friend_.apply_ok(order_event("o1", cart({line("a", Money{6000})}), 1000), 1500);
  CHECK(first.referrer_code == make_referral_code(seed, "ann"));
  const Event& referrer = first.referrer_event;
  CHECK(referrer.id == "referral:friend");
  CHECK(referrer.at == 1500);
  REQUIRE(referrer.as<ReferralCompleted>());
  const ReferralCompleted& f = *referrer.as<ReferralCompleted>();
  CHECK(f.referee_id == "friend");
  CHECK(f.referee_email == "friend@example.com");
  CHECK(f.referee_order_id == "o1");
  CHECK(f.referee_order_eligible == 6000);
  CHECK(f.referee_first_order);
  // The referrer's own rules decide: applied to ann it rewards her, once.
  Shopper ann(referral_program(), "ann");
  CHECK(ann.apply_ok(referrer, 1500).entries.at(0).points == 1000);
  CHECK(ann.apply_ok(referrer, 1600).duplicate);

  CHECK(friend_.apply_ok(order_event("o2", cart({line("a", Money{6000})}), 1700)).referrer_code.empty());
  Shopper plain(referral_program(), "plain");  // not referred: nothing to follow up
  CHECK(plain.apply_ok(order_event("o1", cart({line("a", Money{6000})}), 1000)).referrer_code.empty());
  Shopper off(referral_program(R"({"referral": {"enabled": false}})"), "off");
  off.c.profile.referred_by = friend_.c.profile.referred_by;
  CHECK(off.apply_ok(order_event("o1", cart({line("a", Money{6000})}), 1000)).referrer_code.empty());
}

TEST_CASE("referral: the referrer's coupon is made with the event's seed", "[referral]") {
  const Program coupon = referral_program(R"({"referral": {"referrer": {"kind": "fixed_discount", "amount": 500}}})");
  const auto code_with = [&](std::uint64_t seed) {
    Shopper ann(coupon, "ann");
    Event e = completed("friend", Money{6000});
    body<ReferralCompleted>(e).seed = seed;
    return ann.apply_ok(e).entries.at(0).as<ReferralEntry>()->code;
  };
  CHECK(code_with(77) == make_coupon_code(77, "ann:referrer:friend"));
  CHECK(code_with(77) != code_with(78));
}

// Issue 14: who referred whom is the core's to decide. The order event carries
// the shop's code seed, so the core knows the shopper's own code.
TEST_CASE("referral: a first order naming the customer's own code completes no referral", "[referral]") {
  for (const char* block : {"true", "false"}) {
    INFO("block_self_referral " << block);
    const Program p = referral_program((std::string(R"({"referral": {"block_self_referral": )") + block + "}}").c_str());
    Event order = order_event("o1", cart({line("a", Money{6000})}), 1000);
    body<OrderPaid>(order).seed = 5;
    Shopper self(p, "ann");
    self.c.profile.referred_by = format_code(make_referral_code(5, "ann"));
    const Applied own = self.apply_ok(order, 1500);
    CHECK(own.referrer_code.empty());
    CHECK_FALSE(own.referrer_event.as<ReferralCompleted>());
    REQUIRE(own.entries.size() == 1);
    CHECK(own.entries[0].type() == EntryType::Earn);
    // The same code in a friend's profile completes the referral, and the
    // follow-up carries the seed the referrer's coupon is made with.
    Shopper friend_(p, "friend");
    friend_.c.profile.referred_by = self.c.profile.referred_by;
    const Applied referred = friend_.apply_ok(order, 1500);
    CHECK(referred.referrer_code == make_referral_code(5, "ann"));
    REQUIRE(referred.referrer_event.as<ReferralCompleted>());
    CHECK(referred.referrer_event.as<ReferralCompleted>()->seed == 5);
  }
}

TEST_CASE("referral: one's own code is refused at signup and as a completed referral, whatever block_self_referral says",
          "[referral]") {
  const Program lax = referral_program(R"({"referral": {"block_self_referral": false}})");
  Shopper self(lax, "ann");
  self.c.profile.referred_by = make_referral_code(5, "ann");
  CHECK(has_error(self.apply_fails(Event{"created", 1000, CustomerCreated{5}}), "/referred_by", "own code"));
  Shopper ann(lax, "ann");
  CHECK(has_error(ann.apply_fails(completed("ann", Money{9000})), "/referee/id", "self-referral"));
}
