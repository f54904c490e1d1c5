#include "routes/http_message.h"

#include <strings.h>

namespace loyalty::server {

namespace {

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool HttpRequest::has_header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (same_name(k, name)) return true;
  return false;
}

std::string HttpRequest::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (same_name(k, name)) return v;
  return "";
}

std::string HttpRequest::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

void HttpResponse::set_header(const std::string& name, const std::string& value) {
  for (auto& [k, v] : headers)
    if (same_name(k, name)) {
      v = value;
      return;
    }
  headers.emplace_back(name, value);
}

void HttpResponse::set_content(std::string content, const std::string& type) {
  body = std::move(content);
  set_header("Content-Type", type);
}

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (same_name(k, name)) return v;
  return "";
}

bool percent_decode(const std::string& in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      const int hi = i + 1 < in.size() ? hex_value(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += plus_is_space && c == '+' ? ' ' : c;
    }
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> parse_query(const std::string& raw) {
  // Each pair splits at its first '=' only: a value may itself hold '=' (Shopify signs it so).
  std::vector<std::pair<std::string, std::string>> out;
  size_t at = 0;
  while (at <= raw.size()) {
    size_t amp = raw.find('&', at);
    if (amp == std::string::npos) amp = raw.size();
    const std::string pair = raw.substr(at, amp - at);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      std::string k, v;
      const bool ok = percent_decode(pair.substr(0, eq), k, true) &&
                      percent_decode(eq == std::string::npos ? "" : pair.substr(eq + 1), v, true);
      if (ok && !k.empty()) out.emplace_back(std::move(k), std::move(v));
    }
    at = amp + 1;
  }
  return out;
}

}  // namespace loyalty::server
