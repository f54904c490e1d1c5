#include "files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace loyalty_cli {

std::optional<std::string> read_file(const std::string& path, std::string* error) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const bool failed = std::ferror(f);
  if (f != stdin) std::fclose(f);
  if (failed) {
    *error = path + ": read error";
    return std::nullopt;
  }
  return out;
}

}  // namespace loyalty_cli
