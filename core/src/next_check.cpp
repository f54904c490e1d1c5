#include "loyalty/next_check.h"

#include <algorithm>

namespace loyalty {

Seconds next_check_at(Seconds next_due, Seconds next_notice, Seconds now) {
  return std::min({next_due, next_notice, now + kDay});
}

}  // namespace loyalty
