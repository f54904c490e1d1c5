// One small cache for values that may be a little stale: each is kept for a
// fixed time (shops and current programs: a second, so a change made through
// another server is seen within it). The cache wraps a loader (a repository
// read); it never writes.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

namespace loyalty::server {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

template <class Key, class Value>
class TtlCache {
 public:
  explicit TtlCache(std::int64_t ttl_ms, size_t max_keys = 10000) : ttl_ms_(ttl_ms), max_keys_(max_keys) {}

  // The value kept for key if younger than the ttl, else load()'s (kept from now).
  template <class Load>
  Value get(const Key& key, Load load) {
    const std::int64_t t = now_ms();
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = kept_.find(key);
      if (it != kept_.end() && t - it->second.first < ttl_ms_) return it->second.second;
    }
    Value v = load();
    std::lock_guard<std::mutex> lock(mu_);
    if (kept_.size() >= max_keys_) kept_.clear();  // a crude bound: refilled within a ttl
    kept_[key] = {t, v};
    return v;
  }

  // After a write through this process: the next get loads again.
  void forget(const Key& key) {
    std::lock_guard<std::mutex> lock(mu_);
    kept_.erase(key);
  }

 private:
  const std::int64_t ttl_ms_;
  const size_t max_keys_;
  std::mutex mu_;
  std::map<Key, std::pair<std::int64_t, Value>> kept_;
};

}  // namespace loyalty::server
