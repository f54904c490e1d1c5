// Private: a JSON array with write(item) for each item, in order.
#pragma once
#include <vector>

#include "loyalty/json.h"

namespace loyalty {

template <class T, class Fn>
json json_array_of(const std::vector<T>& items, Fn write) {
  json a = json::array();
  for (const auto& item : items) a.push_back(write(item));
  return a;
}

}  // namespace loyalty
