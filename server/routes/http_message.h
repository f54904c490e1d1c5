// One HTTP request and its answer, as the routes see them: plain data, no
// library types, so the connection layer (routes/connection_server.cpp) can
// change without touching a route.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace loyalty::server {

struct HttpRequest {
  std::string method;
  std::string path;       // percent-decoded, without the query
  std::string raw_query;  // the bytes after '?', exactly as sent (the app proxy signs them)
  std::vector<std::pair<std::string, std::string>> headers;
  std::multimap<std::string, std::string> params;  // the query, decoded
  std::vector<std::string> matches;                // the route's capture groups; [0] is the path
  std::string body;
  std::string remote_ip;

  // Header names are case-insensitive; "" when absent.
  bool has_header(const std::string& name) const;
  std::string header(const std::string& name) const;
  bool has_param(const std::string& name) const { return params.count(name) > 0; }
  std::string param(const std::string& name) const;  // the first value, "" when absent
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set for a body made page by page (sent chunked): each call gives the next
  // piece; an empty piece ends it, false aborts the transfer (the client sees a
  // truncated answer, never a short file that looks whole).
  std::function<bool(std::string& piece)> stream;
  bool close = false;  // close the connection after this answer

  void set_header(const std::string& name, const std::string& value);
  void set_content(std::string content, const std::string& type);
  std::string header(const std::string& name) const;
};

// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space), in order.
std::vector<std::pair<std::string, std::string>> parse_query(const std::string& raw);
// Percent-decoding; false when a '%' is not followed by two hex digits.
bool percent_decode(const std::string& in, std::string& out, bool plus_is_space);

}  // namespace loyalty::server
