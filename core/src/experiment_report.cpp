#include "loyalty/experiment_report.h"

#include <algorithm>

#include "loyalty/money.h"

namespace loyalty {

namespace {

std::int64_t average_order(const VariantTally& t) {
  const auto orders = t.order_values.count();
  if (orders == 0) return 0;
  return divide_rounded(t.revenue_minor, orders, Rounding::HalfUp).value_or(0);
}

void add_reasons(Errors& into, const Errors& from, const char* prefix) {
  for (const auto& e : from) into.push_back({prefix + e.pointer, e.message});
}

}  // namespace

ExperimentReport report_experiment(const VariantTally& hidden, const VariantTally& shown,
                                   int minimum_effect_basis_points) {
  ExperimentReport out;
  out.average_order_hidden = average_order(hidden);
  out.average_order_shown = average_order(shown);

  auto conversion = compare_proportions(hidden.converted_visitors, hidden.visitors, shown.converted_visitors,
                                        shown.visitors);
  if (conversion.ok()) out.conversion = conversion.value;
  else add_reasons(out.not_yet, conversion.errors, "/conversion");

  auto order_value = compare_means_welch(hidden.order_values, shown.order_values);
  if (order_value.ok()) out.order_value = order_value.value;
  else add_reasons(out.not_yet, order_value.errors, "/order_value");

  // The control's observed rate is the baseline the effect is measured from.
  const double baseline = hidden.visitors > 0
                              ? static_cast<double>(hidden.converted_visitors) / static_cast<double>(hidden.visitors)
                              : 0;
  auto needed = sample_size_per_variant(baseline, minimum_effect_basis_points / 10000.0);
  if (needed.ok()) {
    out.needed_per_variant = needed.value;
    out.still_needed = std::max<std::int64_t>(0, needed.value - std::min(hidden.visitors, shown.visitors));
  } else {
    add_reasons(out.not_yet, needed.errors, "/sample_size");
  }
  return out;
}

}  // namespace loyalty
