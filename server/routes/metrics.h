// Prometheus text metrics: requests by route and status, a latency histogram.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "service/counters.h"

namespace loyalty::server {

class Metrics {
 public:
  void observe(const std::string& route, int status, double seconds);
  std::string render(const Counters& c, const std::string& store, size_t open_connections) const;
  std::atomic<std::int64_t> inflight{0};

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::int64_t> requests_;
  struct Histogram {
    std::array<std::int64_t, kBuckets.size()> buckets{};
    std::int64_t count = 0;
    double sum = 0;
  };
  std::map<std::string, Histogram> latency_;
};

}  // namespace loyalty::server
