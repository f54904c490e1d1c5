#include "loyalty/statistics.h"

#include <cmath>
#include <limits>

namespace loyalty {

namespace {

constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt2Pi = 2.50662827463100050242;

// Continued fraction of the regularized incomplete beta function (modified
// Lentz), converging fast for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  // One term of the fraction; returns the factor it multiplies h by.
  auto step = [&](double coefficient) {
    d = 1 + coefficient * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + coefficient / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= c * d;
    return c * d;
  };
  for (int m = 1; m <= 500; ++m) {
    const double m2 = 2.0 * m;
    step(m * (b - m) * x / ((a + m2 - 1) * (a + m2)));
    if (std::fabs(step(-(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))) - 1) < 1e-16) break;
  }
  return h;
}

double regularized_incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front =
      std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

// Acklam's rational approximation, good to about 1e-9 before refinement.
double acklam_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  if (p < kLow || p > 1 - kLow) {
    const double q = std::sqrt(-2 * std::log(p < kLow ? p : 1 - p));
    const double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                     ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < kLow ? x : -x;
  }
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

bool valid_confidence(double confidence) { return confidence > 0 && confidence < 1; }

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / kSqrt2); }

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) return std::numeric_limits<double>::quiet_NaN();
  double x = acklam_quantile(p);
  // One Halley step against the exact cdf brings it to full double precision.
  const double e = normal_cdf(x) - p;
  const double u = e * kSqrt2Pi * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double student_t_cdf(double t, double df) {
  const double tail = 0.5 * regularized_incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t > 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  // The cdf is monotone: bracket, then bisect to the last bit.
  double low = 0, high = 1;
  while (student_t_cdf(high, df) < p && high < 1e300) high *= 2;
  for (int i = 0; i < 200 && high - low > 1e-15 * high; ++i) {
    const double mid = (low + high) / 2;
    (student_t_cdf(mid, df) < p ? low : high) = mid;
  }
  return (low + high) / 2;
}

Result<ProportionComparison> compare_proportions(std::int64_t successes_a, std::int64_t trials_a,
                                                 std::int64_t successes_b, std::int64_t trials_b,
                                                 double confidence) {
  Errors errors;
  if (trials_a <= 0) errors.push_back({"/a/visitors", "must be at least 1"});
  else if (successes_a < 0 || successes_a > trials_a) errors.push_back({"/a/conversions", "must be 0 to the visitors"});
  if (trials_b <= 0) errors.push_back({"/b/visitors", "must be at least 1"});
  else if (successes_b < 0 || successes_b > trials_b) errors.push_back({"/b/conversions", "must be 0 to the visitors"});
  if (!valid_confidence(confidence)) errors.push_back({"/confidence", "must be between 0 and 1"});
  if (!errors.empty()) return Result<ProportionComparison>::failure(errors);

  ProportionComparison out;
  const double na = static_cast<double>(trials_a), nb = static_cast<double>(trials_b);
  out.rate_a = static_cast<double>(successes_a) / na;
  out.rate_b = static_cast<double>(successes_b) / nb;
  out.difference = out.rate_b - out.rate_a;
  const double z_crit = normal_quantile(0.5 + confidence / 2);
  const double se = std::sqrt(out.rate_a * (1 - out.rate_a) / na + out.rate_b * (1 - out.rate_b) / nb);
  out.low = out.difference - z_crit * se;
  out.high = out.difference + z_crit * se;
  const double pooled = static_cast<double>(successes_a + successes_b) / (na + nb);
  const double se_pooled = std::sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  if (se_pooled > 0) {
    out.z = out.difference / se_pooled;
    out.p_value = std::erfc(std::fabs(out.z) / kSqrt2);
  }
  return Result<ProportionComparison>::success(out);
}

void RunningSummary::add(std::int64_t value) {
  ++n_;
  const double x = static_cast<double>(value);
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
}

double RunningSummary::variance() const { return n_ < 2 ? 0 : m2_ / static_cast<double>(n_ - 1); }

Result<MeanComparison> compare_means_welch(const RunningSummary& a, const RunningSummary& b, double confidence) {
  Errors errors;
  if (a.count() < 2) errors.push_back({"/a/orders", "needs at least 2 orders"});
  if (b.count() < 2) errors.push_back({"/b/orders", "needs at least 2 orders"});
  if (!valid_confidence(confidence)) errors.push_back({"/confidence", "must be between 0 and 1"});
  if (!errors.empty()) return Result<MeanComparison>::failure(errors);

  const double va = a.variance() / static_cast<double>(a.count());
  const double vb = b.variance() / static_cast<double>(b.count());
  if (va + vb == 0)
    return Result<MeanComparison>::failure("/orders", "every order has the same value: the spread is needed for an interval");

  MeanComparison out;
  out.mean_a = a.mean();
  out.mean_b = b.mean();
  out.difference = out.mean_b - out.mean_a;
  const double se = std::sqrt(va + vb);
  // Welch–Satterthwaite degrees of freedom.
  out.degrees_of_freedom = (va + vb) * (va + vb) /
                           (va * va / static_cast<double>(a.count() - 1) + vb * vb / static_cast<double>(b.count() - 1));
  out.t = out.difference / se;
  out.p_value = 2 * student_t_cdf(-std::fabs(out.t), out.degrees_of_freedom);
  const double t_crit = student_t_quantile(0.5 + confidence / 2, out.degrees_of_freedom);
  out.low = out.difference - t_crit * se;
  out.high = out.difference + t_crit * se;
  return Result<MeanComparison>::success(out);
}

Result<std::int64_t> sample_size_per_variant(double baseline_rate, double minimum_effect, double alpha, double power) {
  const double p1 = baseline_rate, p2 = baseline_rate + minimum_effect;
  Errors errors;
  if (!(p1 > 0 && p1 < 1)) errors.push_back({"/baseline_rate", "must be between 0 and 1 (no conversion yet?)"});
  if (!(minimum_effect != 0 && p2 > 0 && p2 < 1))
    errors.push_back({"/minimum_effect", "must be non-zero and keep the rate between 0 and 1"});
  if (!(alpha > 0 && alpha < 1)) errors.push_back({"/alpha", "must be between 0 and 1"});
  if (!(power > 0 && power < 1)) errors.push_back({"/power", "must be between 0 and 1"});
  if (!errors.empty()) return Result<std::int64_t>::failure(errors);

  const double mean = (p1 + p2) / 2;
  const double root = normal_quantile(1 - alpha / 2) * std::sqrt(2 * mean * (1 - mean)) +
                      normal_quantile(power) * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const double n = root * root / (minimum_effect * minimum_effect);
  // Rounded up, less a hair so an exact whole result is not bumped by float noise.
  return Result<std::int64_t>::success(static_cast<std::int64_t>(std::ceil(n - 1e-9)));
}

}  // namespace loyalty
