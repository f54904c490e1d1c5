#include "loyalty/experiment.h"

#include "loyalty/money.h"
#include "loyalty/referral_code.h"

namespace loyalty {

namespace {
// Its own seed, so a visitor's bucket is unrelated to their referral code.
constexpr std::uint64_t kExperimentSeed = 0x45585045524D4E54ULL;  // "EXPERMNT"
constexpr std::size_t kMaxIdLength = 200;
}  // namespace

const char* variant_name(Variant v) { return v == Variant::shown ? "shown" : "hidden"; }

int visitor_bucket(const std::string& experiment_id, const std::string& visitor_id) {
  // Length-prefixed so ("ab", "c") and ("a", "bc") are different inputs. The
  // length's digits by hand: std::to_string would link printf into the widget's wasm.
  char digits[20];
  char* first = digits + sizeof digits;
  std::size_t n = experiment_id.size();
  do *--first = static_cast<char>('0' + n % 10); while (n /= 10);
  std::string key(first, digits + sizeof digits);
  key += ':';
  key += experiment_id;
  key += visitor_id;
  // 2^64 is not a multiple of 10,000; the bias is below 1e-15 per bucket.
  return static_cast<int>(hash64(key, kExperimentSeed) % kSplitScale);
}

Variant assign_variant(const std::string& experiment_id, const std::string& visitor_id, int shown_basis_points) {
  return visitor_bucket(experiment_id, visitor_id) < shown_basis_points ? Variant::shown : Variant::hidden;
}

std::optional<Money> order_value(const Cart& cart) {
  Money goods{0};
  for (const auto& l : cart.lines) {
    auto gross = checked_mul(l.unit_price, l.quantity);
    if (!gross) return std::nullopt;
    auto net = checked_sub(*gross, l.discount);
    auto sum = net ? checked_add(goods, *net) : std::nullopt;
    if (!sum) return std::nullopt;
    goods = *sum;
  }
  auto after = checked_sub(goods, cart.order_discount);
  if (!after) return std::nullopt;
  return *after < 0 ? Money{} : *after;
}

Errors check_experiment(const std::string& experiment_id, int shown_basis_points) {
  Errors errors;
  if (experiment_id.empty() || experiment_id.size() > kMaxIdLength)
    errors.push_back({"/id", LOYALTY_WHY("must be 1 to 200 characters")});
  if (shown_basis_points < 0 || shown_basis_points > kSplitScale)
    errors.push_back({"/shown_basis_points", LOYALTY_WHY("must be 0 to 10000 (basis points of visitors who see points)")});
  return errors;
}

}  // namespace loyalty
