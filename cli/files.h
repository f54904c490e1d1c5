// The CLI's only I/O: whole files in, text out.
#pragma once
#include <optional>
#include <string>

namespace loyalty_cli {

// The file's bytes, or empty with `error` set. "-" reads standard input.
std::optional<std::string> read_file(const std::string& path, std::string* error);

}  // namespace loyalty_cli
