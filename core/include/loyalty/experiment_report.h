// What a merchant reads on an experiment's analytics page: per variant the
// visitors, conversion and average order value, the differences with their
// 95% intervals, and how many visitors each variant still needs.
#pragma once
#include <cstdint>
#include <optional>

#include "loyalty/result.h"
#include "loyalty/statistics.h"

namespace loyalty {

// Collected per variant: exposed visitors, those of them who ordered, and
// every attributed order's value in minor units.
struct VariantTally {
  std::int64_t visitors = 0;
  std::int64_t converted_visitors = 0;
  std::int64_t revenue_minor = 0;
  RunningSummary order_values;
};

struct ExperimentReport {
  // Exact money: revenue / orders rounded half up, in minor units.
  std::int64_t average_order_hidden = 0, average_order_shown = 0;
  std::optional<ProportionComparison> conversion;  // shown - hidden
  std::optional<MeanComparison> order_value;       // shown - hidden, minor units
  std::optional<std::int64_t> needed_per_variant;  // for the configured minimum effect
  std::int64_t still_needed = 0;                   // visitors the smaller variant still lacks
  Errors not_yet;                                  // why a figure above is missing
};

// `minimum_effect_basis_points` is the smallest absolute change in the
// conversion rate worth detecting (100 = one percentage point).
ExperimentReport report_experiment(const VariantTally& hidden, const VariantTally& shown,
                                   int minimum_effect_basis_points);

}  // namespace loyalty
