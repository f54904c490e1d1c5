#include "routes/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>

namespace loyalty::server {

namespace beast = boost::beast;
namespace http = beast::http;

std::int64_t steady_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

namespace {

bool iequals(beast::string_view a, beast::string_view b) { return beast::iequals(a, b); }

beast::string_view trim(beast::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string peer_address(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "";
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
  else if (addr.ss_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr, text, sizeof text);
  return text;
}

// The status line and the handler's header fields, in the order it set them.
void append_head(std::string& wire, const HttpResponse& res) {
  const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(res.status)));
  wire.append("HTTP/1.1 ").append(std::to_string(res.status)).append(" ").append(reason.data(), reason.size());
  wire.append("\r\n");
  for (const auto& [k, v] : res.headers) wire.append(k).append(": ").append(v).append("\r\n");
  if (res.close) wire.append("Connection: close\r\n");
}

}  // namespace

Connection::Connection(int socket) : fd(socket), peer(peer_address(socket)) {}

Connection::~Connection() { ::close(fd); }

Wait Connection::advance(const ConnectionContext& ctx) {
  for (;;) {
    if (phase == Phase::writing) {
      while (out_at < out.size()) {
        const ssize_t n = ::send(fd, out.data() + out_at, out.size() - out_at, MSG_NOSIGNAL);
        if (n > 0) out_at += static_cast<size_t>(n);
        else if (n < 0 && errno == EINTR) continue;
        else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Wait::write;
        else return Wait::close;
      }
      out.clear();
      out_at = 0;
      if (stream) {
        if (!next_piece(ctx)) return Wait::close;  // truncated on purpose: no last chunk
        continue;
      }
      if (reading_after) {
        reading_after = false;
        phase = Phase::reading;
        continue;
      }
      after_answer(ctx);
      continue;
    }
    if (phase == Phase::lingering) {
      char scratch[4096];
      const ssize_t n = ::recv(fd, scratch, sizeof scratch, 0);
      if (n > 0 || (n < 0 && errno == EINTR)) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Wait::read;
      return Wait::close;
    }
    if (!parser && in.size() > 0) {  // a new request: its deadline starts with its first byte
      parser.emplace();
      parser->header_limit(static_cast<std::uint32_t>(ctx.limits.max_header));
      parser->body_limit(ctx.limits.max_body);
      header_checked = false;
      deadline = steady_now_ms() + ctx.limits.request_ms;  // the whole request, headers and body
    }
    if (parser) {
      if (!parse(ctx)) {
        if (phase == Phase::writing) continue;  // refused: the answer goes out
        return Wait::close;
      }
      if (phase == Phase::writing) continue;  // answered, or a 100 Continue
    }
    if (ctx.stopping && idle()) return Wait::close;
    switch (read_more()) {
      case Read::got: break;
      case Read::none_yet: return Wait::read;  // wait in the epoll set, holding no thread
      case Read::closed: return Wait::close;   // gone, or cut off mid-request: nobody to answer
    }
  }
}

Connection::Read Connection::read_more() {
  const size_t want = parser && parser->is_header_done() ? 65536 : 4096;
  for (;;) {
    auto room = in.prepare(want);
    const ssize_t n = ::recv(fd, room.data(), room.size(), 0);
    if (n > 0) {
      in.commit(static_cast<size_t>(n));
      return Read::got;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Read::none_yet;
    return Read::closed;
  }
}

// Parses what is buffered. On a whole request, serves it; on bad framing,
// refuses it. Both leave the connection writing.
bool Connection::parse(const ConnectionContext& ctx) {
  while (!parser->is_done() && in.size() > 0) {
    beast::error_code ec;
    const size_t used = parser->put(in.data(), ec);
    in.consume(used);
    if (ec && ec != http::error::need_more) {
      if (ec == http::error::body_limit) refuse(ctx, 413, "request body is larger than the limit");
      else if (ec == http::error::header_limit) refuse(ctx, 431, "request header fields are too large");
      else refuse(ctx, 400, "malformed request: " + ec.message());
      return false;
    }
    if (parser->is_header_done() && !header_checked) {
      header_checked = true;
      if (!header_acceptable(ctx)) return false;
      const auto& h = parser->get();
      auto expect = h.find(http::field::expect);
      if (expect != h.end() && iequals(trim(expect->value()), "100-continue") && h.version() == 11 &&
          !parser->is_done() && in.size() == 0) {
        out = "HTTP/1.1 100 Continue\r\n\r\n";
        reading_after = true;
        phase = Phase::writing;
        return true;
      }
    }
    if (ec == http::error::need_more || used == 0) break;
  }
  if (parser->is_done()) serve(ctx);
  return true;
}

// Before any body byte is read: what the body will be decides whether to read it.
bool Connection::header_acceptable(const ConnectionContext& ctx) {
  const auto& h = parser->get();
  auto te = h.find(http::field::transfer_encoding);
  if (te != h.end() && !iequals(trim(te->value()), "chunked")) {
    refuse(ctx, 400, "Transfer-Encoding must be chunked");
    return false;
  }
  auto ce = h.find(http::field::content_encoding);
  if (ce != h.end() && !iequals(trim(ce->value()), "identity")) {
    refuse(ctx, 415, "Content-Encoding is not accepted: send the body uncompressed");
    return false;
  }
  if (auto length = parser->content_length(); length && *length > ctx.limits.max_body) {
    refuse(ctx, 413, "request body is larger than the limit");
    return false;
  }
  return true;
}

void Connection::serve(const ConnectionContext& ctx) {
  auto message = parser->release();
  parser.reset();
  HttpRequest req;
  req.method = std::string(message.method_string());
  const std::string target(message.target());
  const size_t q = target.find('?');
  if (!percent_decode(target.substr(0, q), req.path, false) || req.path.empty() || req.path[0] != '/')
    return refuse(ctx, 400, "malformed request target");
  if (q != std::string::npos) req.raw_query = target.substr(q + 1);
  for (auto& [k, v] : parse_query(req.raw_query)) req.params.emplace(std::move(k), std::move(v));
  for (const auto& f : message) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  req.body = std::move(message.body());
  req.remote_ip = peer;
  head = message.method() == http::verb::head;
  if (head) req.method = "GET";  // answered as GET, without the body

  HttpResponse res;
  deadline = kNoDeadline;  // the route's time is not the client's
  ctx.handler(req, res);
  if (!message.keep_alive()) res.close = true;
  respond(ctx, res);
}

void Connection::refuse(const ConnectionContext& ctx, int status, const std::string& why) {
  HttpResponse res;
  ctx.refusal(status, why, res);
  res.close = true;  // where the next request starts is unknown
  head = false;
  parser.reset();
  respond(ctx, res);
}

void Connection::respond(const ConnectionContext& ctx, HttpResponse& res) {
  if (ctx.stopping) res.close = true;
  close_after = res.close;
  deadline = steady_now_ms() + ctx.limits.request_ms;
  phase = Phase::writing;
  out.clear();
  out_at = 0;
  if (res.stream && !head) {  // a body made page by page goes out chunked, one page per write
    append_head(out, res);
    out.append("Transfer-Encoding: chunked\r\n\r\n");
    stream = std::move(res.stream);
    return;
  }
  // 204 and 304 carry no body and no length; HEAD gets GET's length without the body.
  const bool bodiless = res.status == 204 || res.status == 304;
  out.reserve(256 + res.body.size());
  append_head(out, res);
  if (!bodiless) out.append("Content-Length: ").append(std::to_string(res.body.size())).append("\r\n");
  out.append("\r\n");
  if (!head && !bodiless) out.append(res.body);
}

bool Connection::next_piece(const ConnectionContext& ctx) {
  std::string piece;
  if (!stream(piece)) return false;
  deadline = steady_now_ms() + ctx.limits.request_ms;
  char size[20];
  std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
  out.assign(size).append(piece).append("\r\n");
  if (piece.empty()) stream = nullptr;  // "0\r\n\r\n": the last chunk
  return true;
}

// After an answer: the next request, or for one that closes, stop sending and
// read and drop what the client still sends for a moment, so closing with
// unread bytes does not reset the connection before the client read the answer.
void Connection::after_answer(const ConnectionContext& ctx) {
  if (close_after) {
    ::shutdown(fd, SHUT_WR);
    phase = Phase::lingering;
    deadline = steady_now_ms() + 1000;
    return;
  }
  phase = Phase::reading;
  deadline = steady_now_ms() + ctx.limits.keep_alive_ms;  // replaced by the request deadline at its first byte
}

}  // namespace loyalty::server
