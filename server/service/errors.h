// The one error type the service raises; routes render it as
// {"error": "...", "field": "/pointer"} with its status.
#pragma once
#include <stdexcept>
#include <string>

#include "loyalty/result.h"

namespace loyalty::server {

struct ApiError : std::runtime_error {
  int status;
  std::string field;
  loyalty::Errors details;  // every field error from the core, when there are several
  ApiError(int s, const std::string& message, std::string f = "", loyalty::Errors d = {})
      : std::runtime_error(message), status(s), field(std::move(f)), details(std::move(d)) {}
  static ApiError from(int s, const loyalty::Errors& errors, const std::string& prefix = "") {
    const auto& first = errors.empty() ? loyalty::FieldError{"", "invalid"} : errors.front();
    loyalty::Errors d = errors;
    for (auto& e : d) e.pointer = prefix + e.pointer;
    return ApiError(s, first.message, prefix + first.pointer, d);
  }
};

}  // namespace loyalty::server
