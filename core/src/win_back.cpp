#include "loyalty/win_back.h"

namespace loyalty {

namespace {
bool offered_by(const Program& p, const CustomerState& s) {
  return p.churn_days > 0 && p.win_back.enabled() && s.orders > 0;
}
}  // namespace

std::optional<WinBackWindow> win_back_at(const Program& p, const CustomerState& s, Seconds now) {
  if (!offered_by(p, s)) return std::nullopt;
  WinBackWindow w;
  w.last_order_at = s.last_order_at;
  w.starts_at = s.last_order_at + p.churn_days * kDay;
  w.ends_at = w.starts_at + p.win_back.valid_days * kDay;
  if (now < w.starts_at || now >= w.ends_at) return std::nullopt;
  return w;
}

Seconds next_win_back_at(const Program& p, const CustomerState& s, Seconds now) {
  if (!offered_by(p, s)) return kNoDueTime;
  const Seconds start = s.last_order_at + p.churn_days * kDay;
  return start > now ? start : kNoDueTime;
}

}  // namespace loyalty
