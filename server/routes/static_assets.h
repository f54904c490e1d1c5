// --static DIR: files under DIR, answered from the path and the request's
// headers alone (no HTTP library here: the connection layer copies the answer
// out). What the storefront bundle needs to work and stay fast on a shop page
// of another origin:
//  - content-hashed names (`name-XXXXXXXX.js`, esbuild's 8-character hash)
//    are `Cache-Control: public, max-age=31536000, immutable`; every other
//    file (the loader, pages) is `no-cache` and revalidated by its ETag (304);
//  - a precompressed `FILE.gz` beside the file (web/build.mjs writes them,
//    the wasm too) is sent to a client that accepts gzip;
//  - scripts, styles and the wasm carry `Access-Control-Allow-Origin: *`:
//    they are public, and a module script or wasm fetched by a page of
//    another origin needs it.
// Never anything outside DIR: no "..", ".", backslash or NUL in the path.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace loyalty::server {

struct StaticAnswer {
  int status = 200;                                          // 200 or 304
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type, Cache-Control, ETag, ...
  std::string body;                                          // empty for 304 and HEAD
};

// The answer for GET or HEAD `path` (no query) under `dir`, or nothing when
// no such file (the caller answers 404). `header(name)` gives a request
// header's value ("" when absent); names are asked in lower case.
std::optional<StaticAnswer> static_asset(const std::string& dir, const std::string& method, const std::string& path,
                                         const std::function<std::string(const std::string&)>& header);

// True for a content-hashed file name (cached as immutable).
bool is_content_hashed(const std::string& file_name);

}  // namespace loyalty::server
