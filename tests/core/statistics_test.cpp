// Worked examples from the textbooks, to the digits they print.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>

#include "loyalty/experiment_report.h"
#include "loyalty/statistics.h"

using namespace loyalty;
using Catch::Detail::Approx;

namespace {
RunningSummary summary_of(std::initializer_list<std::int64_t> values) {
  RunningSummary s;
  for (auto v : values) s.add(v);
  return s;
}
// A published figure, matched to every digit it prints: within half a unit of
// its last printed decimal (so "0.01904" allows 0.000005).
Approx printed(const char* text) {
  const char* dot = std::strchr(text, '.');
  const auto decimals = dot ? static_cast<int>(std::strlen(dot + 1)) : 0;
  return Approx(std::stod(text)).margin(0.5 * std::pow(10.0, -decimals)).epsilon(0);
}
}  // namespace

TEST_CASE("statistics: normal and Student t quantiles match the printed tables", "[statistics]") {
  CHECK(normal_quantile(0.975) == Approx(1.959963985).epsilon(1e-9));
  CHECK(normal_quantile(0.8) == Approx(0.8416212336).epsilon(1e-9));
  CHECK(normal_quantile(0.001) == Approx(-3.090232306).epsilon(1e-9));
  CHECK(normal_cdf(1.959963985) == Approx(0.975).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 1) == Approx(12.70620474).epsilon(1e-8));
  CHECK(student_t_quantile(0.975, 10) == Approx(2.228138852).epsilon(1e-8));
  CHECK(student_t_quantile(0.975, 30) == Approx(2.042272456).epsilon(1e-8));
  CHECK(student_t_quantile(0.95, 5) == Approx(2.015048373).epsilon(1e-8));
  CHECK(student_t_quantile(0.025, 10) == Approx(-2.228138852).epsilon(1e-8));
  CHECK(student_t_cdf(0, 7) == Approx(0.5));
}

TEST_CASE("statistics: Welch on Student's sleep data gives R's t.test(extra ~ group, sleep)", "[statistics]") {
  // Cushny and Peebles' extra hours of sleep, in tenths of an hour so they are
  // integers as amounts are. R prints t = -1.8608, df = 17.776,
  // p-value = 0.07939, 95% CI -3.3654832 0.2054832 (hours, group 1 - group 2).
  const auto group2 = summary_of({19, 8, 11, 1, -1, 44, 55, 16, 46, 34});
  const auto group1 = summary_of({7, -16, -2, -12, -1, 34, 37, 8, 0, 20});
  const auto r = compare_means_welch(group2, group1);
  REQUIRE(r.ok());
  CHECK(r.value.mean_a == Approx(23.3));
  CHECK(r.value.mean_b == Approx(7.5));
  CHECK(r.value.t == Approx(-1.8608).epsilon(1e-4));
  CHECK(r.value.degrees_of_freedom == Approx(17.776).epsilon(1e-4));
  CHECK(r.value.p_value == Approx(0.07939).epsilon(1e-4));
  CHECK(r.value.low == Approx(-33.654832).epsilon(1e-6));
  CHECK(r.value.high == Approx(2.054832).epsilon(1e-5));
}

TEST_CASE("statistics: two proportions on the Physicians' Health Study (Agresti)", "[statistics]") {
  // Myocardial infarction: placebo 189 of 11,034, aspirin 104 of 11,037.
  // Agresti: difference 0.0077 with standard error 0.0015; Pearson X^2 = 25.01.
  const auto r = compare_proportions(189, 11034, 104, 11037);
  REQUIRE(r.ok());
  CHECK(r.value.rate_a == Approx(0.01713).epsilon(1e-3));
  CHECK(r.value.difference == Approx(-0.007706).epsilon(1e-3));
  CHECK((r.value.high - r.value.low) / 2 / 1.959963985 == Approx(0.0015400).epsilon(1e-4));
  CHECK(r.value.low == Approx(-0.010724).epsilon(1e-4));
  CHECK(r.value.high == Approx(-0.004688).epsilon(1e-3));
  CHECK(r.value.z * r.value.z == Approx(25.01).margin(0.005));  // printed to 2 decimals
  CHECK(r.value.p_value < 1e-6);
}

TEST_CASE("statistics: two proportions give R's prop.test(correct = FALSE) to the digits it prints", "[statistics]") {
  // Gustavus Adolphus College, MCS 142 "R: two proportions"
  // (homepages.gac.edu/~anienow2/MCS_142/R/R-2-prop.html): 179 of 300 men and
  // 203 of 400 women have blue eyes. prop.test(x = c(179, 203), n = c(300, 400),
  // correct = FALSE) prints X-squared = 5.4979, p-value = 0.01904, 95 percent
  // confidence interval 0.01512659 0.16320674 (men - women), estimates
  // 0.5966667 0.5075000. X-squared is the pooled z squared; our difference is
  // b - a, so the interval is R's negated.
  const auto r = compare_proportions(179, 300, 203, 400);
  REQUIRE(r.ok());
  CHECK(r.value.rate_a == printed("0.5966667"));
  CHECK(r.value.rate_b == printed("0.5075000"));
  CHECK(r.value.z * r.value.z == printed("5.4979"));
  CHECK(r.value.z < 0);
  CHECK(r.value.p_value == printed("0.01904"));
  CHECK(r.value.low == printed("-0.16320674"));
  CHECK(r.value.high == printed("-0.01512659"));
}

TEST_CASE("statistics: sample size for two proportions (no continuity correction)", "[statistics]") {
  // R's documentation of power.prop.test (same formula, strict = FALSE):
  // power.prop.test(p1 = .50, p2 = .75, power = .90) "=> n = 76.7", so 77 per group.
  // (R prints only three digits there; the two cases below are computed.)
  CHECK(sample_size_per_variant(0.5, 0.25, 0.05, 0.9).value == 77);
  // 50% against 60%, alpha 0.05 two-sided, power 0.8: 387.34, so 388 per group.
  const auto half = sample_size_per_variant(0.5, 0.1);
  REQUIRE(half.ok());
  CHECK(half.value == 388);
  // 10% against 12%: 3,840.85, so 3,841 per group.
  const auto small = sample_size_per_variant(0.10, 0.02);
  REQUIRE(small.ok());
  CHECK(small.value == 3841);
  // A fall is as detectable as a rise of the same size from the mirrored rate.
  CHECK(sample_size_per_variant(0.6, -0.1).value == 388);
}

TEST_CASE("statistics: inputs that have no answer are refused by field", "[statistics]") {
  CHECK(compare_proportions(1, 0, 1, 2).errors.at(0).pointer == "/a/visitors");
  CHECK(compare_proportions(3, 2, 1, 2).errors.at(0).pointer == "/a/conversions");
  CHECK(compare_proportions(1, 2, -1, 2).errors.at(0).pointer == "/b/conversions");
  CHECK(compare_proportions(1, 2, 1, 2, 1.0).errors.at(0).pointer == "/confidence");
  CHECK(compare_means_welch(summary_of({1}), summary_of({1, 2})).errors.at(0).pointer == "/a/orders");
  CHECK(compare_means_welch(summary_of({5, 5}), summary_of({5, 5, 5})).errors.at(0).pointer == "/orders");
  CHECK(sample_size_per_variant(0, 0.1).errors.at(0).pointer == "/baseline_rate");
  CHECK(sample_size_per_variant(0.95, 0.1).errors.at(0).pointer == "/minimum_effect");
  CHECK(sample_size_per_variant(0.5, 0).errors.at(0).pointer == "/minimum_effect");
}

TEST_CASE("statistics: no conversion anywhere is a zero difference, not a division by zero", "[statistics]") {
  const auto r = compare_proportions(0, 100, 0, 120);
  REQUIRE(r.ok());
  CHECK(r.value.difference == 0);
  CHECK(r.value.z == 0);
  CHECK(r.value.p_value == 1);
}

TEST_CASE("statistics: the running summary does not lose a small spread on large amounts", "[statistics]") {
  // Sums of squares would cancel here; Welford keeps the variance exact.
  RunningSummary s;
  for (std::int64_t v : {1000000000000001LL, 1000000000000002LL, 1000000000000003LL}) s.add(v);
  CHECK(s.variance() == Approx(1.0));
}

TEST_CASE("experiment report: figures per variant, intervals and the visitors still needed", "[statistics]") {
  VariantTally hidden, shown;
  hidden.visitors = 1000;
  hidden.converted_visitors = 100;
  shown.visitors = 900;
  shown.converted_visitors = 117;
  for (std::int64_t v : {1000, 2000, 3001}) {
    hidden.order_values.add(v);
    hidden.revenue_minor += v;
  }
  for (std::int64_t v : {1500, 2500, 3500, 4500}) {
    shown.order_values.add(v);
    shown.revenue_minor += v;
  }
  const auto r = report_experiment(hidden, shown, 200);
  CHECK(r.average_order_hidden == 2000);  // 6001 / 3 = 2000.33, half up
  CHECK(r.average_order_shown == 3000);
  REQUIRE(r.conversion);
  CHECK(r.conversion->difference == Approx(0.13 - 0.10));
  REQUIRE(r.order_value);
  CHECK(r.order_value->difference == Approx(3000 - 6001.0 / 3));
  // 10% against 12%: 3,841 each; the smaller variant has 900.
  REQUIRE(r.needed_per_variant);
  CHECK(*r.needed_per_variant == 3841);
  CHECK(r.still_needed == 3841 - 900);
  CHECK(r.not_yet.empty());
}

TEST_CASE("experiment report: an experiment with no visitors yet says why each figure is missing", "[statistics]") {
  const auto r = report_experiment(VariantTally{}, VariantTally{}, 100);
  CHECK_FALSE(r.conversion);
  CHECK_FALSE(r.order_value);
  CHECK_FALSE(r.needed_per_variant);
  REQUIRE(r.not_yet.size() >= 3);
  CHECK(r.not_yet.front().pointer == "/conversion/a/visitors");
}
