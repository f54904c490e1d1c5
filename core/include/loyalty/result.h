// Errors as values: every public core call returns one of these, never throws.
#pragma once
#include <string>
#include <utility>
#include <vector>

// Why a field is refused, in words: what the server answers and the CLI
// prints. The storefront's wasm is built with LOYALTY_TERSE_ERRORS: it quotes
// programs the server has already validated, so a refused field there keeps
// its JSON Pointer with the code "invalid", without the words or the code
// that builds them (about 1.5 KB gzip of the widget's budget).
#ifdef LOYALTY_TERSE_ERRORS
#define LOYALTY_WHY(...) std::string("invalid")
#else
#define LOYALTY_WHY(...) (__VA_ARGS__)
#endif

namespace loyalty {

// One problem with one field, located by a JSON Pointer ("/tiers/1/threshold").
struct FieldError {
  std::string pointer;
  std::string message;
  std::string text() const { return (pointer.empty() ? std::string("/") : pointer) + ": " + message; }
};

using Errors = std::vector<FieldError>;

template <class T>
struct Result {
  T value{};
  Errors errors;

  bool ok() const { return errors.empty(); }
  static Result success(T v) { Result r; r.value = std::move(v); return r; }
  static Result failure(Errors e) { Result r; r.errors = std::move(e); return r; }
  static Result failure(std::string pointer, std::string message) {
    return failure(Errors{FieldError{std::move(pointer), std::move(message)}});
  }
  // All messages joined, one per line, for logs and CLI output.
  std::string error_text() const {
    std::string out;
    for (const auto& e : errors) {
      if (!out.empty()) out += '\n';
      out += e.text();
    }
    return out;
  }
};

}  // namespace loyalty
