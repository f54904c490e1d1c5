#include "routes/metrics.h"

#include <sstream>

namespace loyalty::server {

void Metrics::observe(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const Counters& c, const std::string& store, size_t open_connections) const {
  std::ostringstream o;
  std::lock_guard<std::mutex> lock(mu_);
  o << "# HELP loyalty_http_requests_total HTTP requests by route and status.\n# TYPE loyalty_http_requests_total counter\n";
  for (const auto& [k, n] : requests_)
    o << "loyalty_http_requests_total{route=\"" << k.first << "\",status=\"" << k.second << "\"} " << n << "\n";
  o << "# HELP loyalty_http_request_duration_seconds Request latency by route.\n"
       "# TYPE loyalty_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i)
      o << "loyalty_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
    o << "loyalty_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count << "\n";
    o << "loyalty_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n";
    o << "loyalty_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  o << "# TYPE loyalty_http_inflight_requests gauge\nloyalty_http_inflight_requests " << inflight.load() << "\n";
  o << "# TYPE loyalty_http_open_connections gauge\nloyalty_http_open_connections " << open_connections << "\n";
  o << "# TYPE loyalty_webhooks_total counter\n";
  o << "loyalty_webhooks_total{outcome=\"applied\"} " << c.webhooks_applied.load() << "\n";
  o << "loyalty_webhooks_total{outcome=\"duplicate\"} " << c.webhooks_duplicate.load() << "\n";
  o << "loyalty_webhooks_total{outcome=\"ignored\"} " << c.webhooks_ignored.load() << "\n";
  o << "# TYPE loyalty_ledger_entries_written_total counter\nloyalty_ledger_entries_written_total " << c.entries_written.load() << "\n";
  o << "# TYPE loyalty_redemptions_total counter\nloyalty_redemptions_total " << c.redemptions.load() << "\n";
  o << "# TYPE loyalty_tick_customers_total counter\nloyalty_tick_customers_total " << c.tick_customers.load() << "\n";
  o << "# TYPE loyalty_store_info gauge\nloyalty_store_info{store=\"" << store << "\"} 1\n";
  return o.str();
}

}  // namespace loyalty::server
