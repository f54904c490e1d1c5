// Private: the names the program document gives each enum value, one table per
// enum, read by the program reader (read_enum) and written by to_json(Program).
#pragma once
#include <cstddef>

#include "loyalty/program.h"

namespace loyalty {

template <class Enum>
struct Named {
  const char* name;
  Enum value;
};

constexpr Named<Rounding> kRoundingNames[] = {
    {"floor", Rounding::Floor}, {"ceil", Rounding::Ceil}, {"half_up", Rounding::HalfUp}, {"half_even", Rounding::HalfEven}};
constexpr Named<RewardKind> kRewardKindNames[] = {
    {"fixed_discount", RewardKind::FixedDiscount}, {"percent_discount", RewardKind::PercentDiscount},
    {"free_shipping", RewardKind::FreeShipping},   {"free_product", RewardKind::FreeProduct},
    {"variable", RewardKind::Variable},            {"cashback", RewardKind::Cashback}};
constexpr Named<TierBasis> kTierBasisNames[] = {{"points_earned", TierBasis::PointsEarned},
                                                {"amount_spent", TierBasis::AmountSpent}};
constexpr Named<TierWindow> kTierWindowNames[] = {{"lifetime", TierWindow::Lifetime},
                                                  {"calendar_year", TierWindow::CalendarYear},
                                                  {"rolling_12_months", TierWindow::Rolling12Months}};
constexpr Named<ReferralRewardKind> kReferralRewardKindNames[] = {{"points", ReferralRewardKind::Points},
                                                                  {"fixed_discount", ReferralRewardKind::FixedDiscount}};
constexpr Named<ExpiryMode> kExpiryNames[] = {{"never", ExpiryMode::Never},
                                              {"after_earning", ExpiryMode::AfterEarning},
                                              {"after_inactivity", ExpiryMode::AfterInactivity}};
constexpr Named<NegativeBalancePolicy> kNegativeBalanceNames[] = {{"hold_as_pending", NegativeBalancePolicy::HoldAsPending},
                                                                  {"allow_debt", NegativeBalancePolicy::AllowDebt}};
constexpr Named<FeeInterval> kFeeIntervalNames[] = {{"month", FeeInterval::Month}, {"year", FeeInterval::Year}};

template <class Enum, std::size_t N>
const char* name_of(const Named<Enum> (&names)[N], Enum value) {
  for (const auto& n : names)
    if (n.value == value) return n.name;
  return names[0].name;  // unreachable: every table names every value
}

}  // namespace loyalty
