#include "routes/static_assets.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace loyalty::server {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

struct Type {
  const char* ext;
  const char* mime;
  bool cross_origin;  // fetched by a shop page of another origin: scripts, styles, wasm
};

const Type* type_of(const std::string& path) {
  static const Type kTypes[] = {
      {".html", "text/html; charset=utf-8", false}, {".js", "text/javascript", true}, {".mjs", "text/javascript", true},
      {".css", "text/css", true}, {".wasm", "application/wasm", true}, {".json", "application/json", false},
      {".svg", "image/svg+xml", false}, {".png", "image/png", false}, {".jpg", "image/jpeg", false},
      {".ico", "image/x-icon", false}, {".txt", "text/plain; charset=utf-8", false}, {".csv", "text/csv", false},
      {".map", "application/json", false}, {".woff2", "font/woff2", false}};
  for (const auto& t : kTypes)
    if (ends_with(path, t.ext)) return &t;
  static const Type kOther{"", "application/octet-stream", false};
  return &kOther;
}

// No "..", "." or empty segments that could climb out, no backslash, no NUL.
bool safe(const std::string& path) {
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos || path.find('\\') != std::string::npos)
    return false;
  size_t at = 1;
  while (at <= path.size()) {
    size_t slash = path.find('/', at);
    if (slash == std::string::npos) slash = path.size();
    const std::string seg = path.substr(at, slash - at);
    if (seg == ".." || seg == "." || (seg.empty() && slash != path.size())) return false;
    at = slash + 1;
  }
  return true;
}

bool regular_file(const std::string& file) {
  struct stat st {};
  return ::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::optional<std::string> read_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  return body.str();
}

// A strong validator from the bytes sent (each encoding has its own): FNV-1a, 64 bits.
std::string etag_of(const std::string& bytes) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char out[24];
  std::snprintf(out, sizeof out, "\"%016llx\"", static_cast<unsigned long long>(h));
  return out;
}

std::string lower_trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  std::string out = s.substr(a, b - a);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits a header list on commas.
std::vector<std::string> items(const std::string& value) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(value);
  while (std::getline(in, cur, ',')) out.push_back(lower_trim(cur));
  return out;
}

// "gzip" in Accept-Encoding, unless given q=0.
bool accepts_gzip(const std::string& accept_encoding) {
  for (const auto& item : items(accept_encoding)) {
    const size_t semi = item.find(';');
    if (lower_trim(item.substr(0, semi)) != "gzip") continue;
    if (semi == std::string::npos) return true;
    const std::string params = item.substr(semi + 1);
    const size_t q = params.find("q=");
    if (q == std::string::npos) return true;
    return std::strtod(params.c_str() + q + 2, nullptr) > 0;
  }
  return false;
}

// If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET) or is "*".
bool not_modified(const std::string& if_none_match, const std::string& etag) {
  const std::string bare = etag.substr(1, etag.size() - 2);
  for (auto item : items(if_none_match)) {
    if (item == "*") return true;
    if (item.rfind("w/", 0) == 0) item = item.substr(2);
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"' && lower_trim(item.substr(1, item.size() - 2)) == lower_trim(bare))
      return true;
  }
  return false;
}

}  // namespace

bool is_content_hashed(const std::string& file_name) {
  // "...-XXXXXXXX.ext": 8 of A-Z 2-7 (esbuild's base32 hash), then the extension.
  const size_t dot = file_name.rfind('.');
  if (dot == std::string::npos || dot < 9 || file_name[dot - 9] != '-') return false;
  for (size_t i = dot - 8; i < dot; ++i) {
    const char c = file_name[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::optional<StaticAnswer> static_asset(const std::string& dir, const std::string& method, const std::string& path,
                                         const std::function<std::string(const std::string&)>& header) {
  if ((method != "GET" && method != "HEAD") || !safe(path)) return std::nullopt;
  std::string file = dir + path;
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) file += (file.back() == '/' ? "" : "/") + std::string("index.html");
  if (!regular_file(file)) return std::nullopt;

  const Type* type = type_of(file);
  const bool gzip = accepts_gzip(header("accept-encoding")) && regular_file(file + ".gz");
  auto bytes = read_file(gzip ? file + ".gz" : file);
  if (!bytes) return std::nullopt;

  StaticAnswer a;
  const std::string name = file.substr(file.rfind('/') + 1);
  const std::string etag = etag_of(*bytes);
  a.headers.emplace_back("Content-Type", type->mime);
  a.headers.emplace_back("Cache-Control", is_content_hashed(name) ? "public, max-age=31536000, immutable" : "no-cache");
  a.headers.emplace_back("ETag", etag);
  a.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (regular_file(file + ".gz")) a.headers.emplace_back("Vary", "Accept-Encoding");
  if (gzip) a.headers.emplace_back("Content-Encoding", "gzip");
  if (type->cross_origin) a.headers.emplace_back("Access-Control-Allow-Origin", "*");
  if (not_modified(header("if-none-match"), etag)) {
    a.status = 304;
    return a;
  }
  if (method == "GET") a.body = std::move(*bytes);
  return a;
}

}  // namespace loyalty::server
