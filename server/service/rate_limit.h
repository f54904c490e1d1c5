// Per-key fixed-window counters, per process: they turn away a flood of attempts
// at self-claimed actions and redemptions (keyed by shop and customer) before a
// transaction opens. The limits themselves are counted in the ledger (ShopperService).
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace loyalty::server {

class RateLimiter {
 public:
  RateLimiter(int limit, std::int64_t window_ms) : limit_(limit), window_ms_(window_ms) {}
  // True when the call is allowed (and counts it).
  bool allow(const std::string& key, std::int64_t now_ms) {
    if (limit_ <= 0) return true;
    std::lock_guard<std::mutex> lock(mu_);
    if (counts_.size() > 100000) counts_.clear();
    auto& w = counts_[key];
    if (now_ms - w.start >= window_ms_) w = {now_ms, 0};
    if (w.count >= limit_) return false;
    ++w.count;
    return true;
  }

 private:
  struct Window { std::int64_t start = 0; int count = 0; };
  int limit_;
  std::int64_t window_ms_;
  std::mutex mu_;
  std::map<std::string, Window> counts_;
};

}  // namespace loyalty::server
