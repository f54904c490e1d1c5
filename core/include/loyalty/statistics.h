// The statistics of an experiment's analytics: conversion compared with a
// two-proportion test, order value with Welch's t-test, and the sample size a
// minimum effect needs. Rates and means are doubles: they are estimates, not
// amounts, and no amount is ever computed from them.
#pragma once
#include <cstdint>

#include "loyalty/result.h"

namespace loyalty {

double normal_cdf(double z);
double normal_quantile(double p);                  // p in (0, 1)
double student_t_cdf(double t, double df);         // df > 0, need not be whole
double student_t_quantile(double p, double df);    // p in (0, 1)

// Conversion: `a` is the control, `b` the variant; differences are b - a.
struct ProportionComparison {
  double rate_a = 0, rate_b = 0;
  double difference = 0, low = 0, high = 0;  // unpooled (Wald) interval
  double z = 0, p_value = 1;                 // pooled two-proportion z-test
};
Result<ProportionComparison> compare_proportions(std::int64_t successes_a, std::int64_t trials_a,
                                                 std::int64_t successes_b, std::int64_t trials_b,
                                                 double confidence = 0.95);

// Welford's running mean and variance of integer amounts (minor units): one
// pass, no sum of squares to overflow or cancel.
class RunningSummary {
 public:
  void add(std::int64_t value);
  std::int64_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const;  // sample variance (n - 1); 0 below two values
 private:
  std::int64_t n_ = 0;
  double mean_ = 0, m2_ = 0;
};

struct MeanComparison {
  double mean_a = 0, mean_b = 0;
  double difference = 0, low = 0, high = 0;
  double t = 0, degrees_of_freedom = 0, p_value = 1;
};
Result<MeanComparison> compare_means_welch(const RunningSummary& a, const RunningSummary& b,
                                           double confidence = 0.95);

// Visitors each variant needs to detect an absolute change of `minimum_effect`
// in a conversion rate of `baseline_rate` (two-sided test, normal
// approximation without continuity correction).
Result<std::int64_t> sample_size_per_variant(double baseline_rate, double minimum_effect,
                                             double alpha = 0.05, double power = 0.8);

}  // namespace loyalty
