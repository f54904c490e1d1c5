#include "routes/connection_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace loyalty::server {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();
constexpr int kWaitMs = 200;        // a worker's longest sleep: how late it sees stop()
constexpr std::int64_t kSweepMs = 100;  // how often deadlines are checked: a timeout fires up to this late
constexpr std::uint64_t kListenId = 0;  // the epoll id of the listening socket; connections count from 1

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

// One client connection. While it waits for bytes, or for room to write, it is
// only an entry in the epoll set (EPOLLONESHOT) and holds no thread; the worker
// that takes its event owns it (busy) until it waits again.
struct Connection {
  explicit Connection(int socket) : fd(socket), peer(peer_address(socket)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { ::close(fd); }

  enum class Phase { reading, writing, lingering };
  const int fd;
  const std::string peer;
  // Read by the sweep under Impl::mu while not busy; written by the owner.
  bool busy = false;
  std::int64_t deadline = kNoDeadline;
  Phase phase = Phase::reading;
  std::optional<http::request_parser<http::string_body>> parser;  // set from a request's first byte

  beast::flat_buffer in;  // bytes read past the current request (pipelining) stay here
  bool header_checked = false;
  bool head = false;               // the request being answered is a HEAD
  std::string out;                 // bytes still to send, from out_at
  size_t out_at = 0;
  bool close_after = false;        // linger and close once `out` is sent
  bool reading_after = false;      // `out` is a 100 Continue: read the body next
  std::function<bool(std::string&)> stream;  // the rest of an answer made page by page

  // Waiting for a next request that has not started: closed first on stop.
  bool idle() const { return phase == Phase::reading && !parser && in.size() == 0; }
};

enum class Wait { read, write, close };
enum class Read { got, none_yet, closed };

}  // namespace

// N workers wait in one epoll set, one event each: the kernel wakes one worker
// per ready connection, and that worker reads, runs the route and writes the
// answer on its own thread, with no hand-off. (Boost.Asio's scheduler, used
// before, handed the reactor to another thread through a mutex and condition
// variable on every request: about 9 futex calls per webhook where this makes 1.)
struct ConnectionServer::Impl {
  Impl(ConnectionLimits l, Handler h, Refusal r) : limits(l), handler(std::move(h)), refusal(std::move(r)) {}
  ~Impl() {
    connections.clear();
    if (listen_fd >= 0) ::close(listen_fd);
    if (epoll_fd >= 0) ::close(epoll_fd);
  }

  void work();
  void accept_all();
  void handle(std::uint64_t id);
  void sweep(std::int64_t now);
  bool arm(int op, int fd, std::uint64_t id, std::uint32_t events);

  // What a worker does with a connection it owns, as far as it goes without waiting.
  Wait advance(Connection& c);
  Read read_more(Connection& c);
  bool parse(Connection& c);  // false: the request was refused or the connection must close
  bool header_acceptable(Connection& c);
  void serve(Connection& c);
  void respond(Connection& c, HttpResponse& res);
  void refuse(Connection& c, int status, const std::string& why);
  void after_answer(Connection& c);
  bool next_piece(Connection& c);

  const ConnectionLimits limits;
  const Handler handler;
  const Refusal refusal;
  int epoll_fd = -1;
  int listen_fd = -1;  // guarded by accept_mu once workers run
  std::atomic<bool> listening{true};
  std::atomic<bool> stopping{false};
  std::mutex accept_mu;  // the accepting worker against the one closing the listening socket; taken before mu
  mutable std::mutex mu;  // guards connections, and busy/deadline/phase of each
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections;
  std::uint64_t next_id = kListenId + 1;
  std::atomic<std::int64_t> next_sweep{0};
};

bool ConnectionServer::Impl::arm(int op, int fd, std::uint64_t id, std::uint32_t events) {
  epoll_event ev{};
  ev.events = events | EPOLLRDHUP | EPOLLONESHOT;  // one worker per readiness
  ev.data.u64 = id;
  return ::epoll_ctl(epoll_fd, op, fd, &ev) == 0;
}

void ConnectionServer::Impl::work() {
  for (;;) {
    epoll_event ev{};
    const int n = ::epoll_wait(epoll_fd, &ev, 1, kWaitMs);
    if (n < 0 && errno != EINTR) return;
    const std::int64_t now = now_ms();
    if (now >= next_sweep.load(std::memory_order_relaxed)) sweep(now);
    if (n == 1) handle(ev.data.u64);
    if (stopping && !listening) {
      std::lock_guard<std::mutex> lock(mu);
      if (connections.empty()) return;  // every request in flight is answered
    }
  }
}

void ConnectionServer::Impl::sweep(std::int64_t now) {
  if (stopping && listening) {  // no new connections; the ones waiting for a next request close below
    std::lock_guard<std::mutex> accepting(accept_mu);
    if (listen_fd >= 0) ::close(listen_fd);
    listen_fd = -1;
    listening = false;
  }
  std::unique_lock<std::mutex> lock(mu, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another worker is at it
  next_sweep = now + kSweepMs;
  // Erasing closes the socket, which also takes it out of the epoll set; a
  // worker already woken for it finds it gone.
  for (auto it = connections.begin(); it != connections.end();) {
    const Connection& c = *it->second;
    if (!c.busy && (now >= c.deadline || (stopping && c.idle()))) it = connections.erase(it);
    else ++it;
  }
}

void ConnectionServer::Impl::accept_all() {
  std::lock_guard<std::mutex> accepting(accept_mu);
  if (listen_fd < 0) return;
  for (;;) {
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      break;  // none left (or out of descriptors for a moment: the event fires again)
    }
    int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);  // answers go out as written
    auto c = std::make_unique<Connection>(fd);
    c->deadline = now_ms() + limits.keep_alive_ms;
    std::lock_guard<std::mutex> lock(mu);
    const std::uint64_t id = next_id++;
    if (arm(EPOLL_CTL_ADD, fd, id, EPOLLIN)) connections.emplace(id, std::move(c));
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.u64 = kListenId;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &ev);
}

void ConnectionServer::Impl::handle(std::uint64_t id) {
  if (id == kListenId) return accept_all();
  Connection* c = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = connections.find(id);
    if (it == connections.end()) return;  // closed by the sweep after the event fired
    c = it->second.get();
    c->busy = true;
  }
  const Wait next = advance(*c);
  std::lock_guard<std::mutex> lock(mu);
  c->busy = false;
  if (next == Wait::close || !arm(EPOLL_CTL_MOD, c->fd, id, next == Wait::write ? EPOLLOUT : EPOLLIN))
    connections.erase(id);
}

// Reads, parses, serves and writes until the connection has to wait for the
// client. A request that came in one packet is answered here, on this thread.
Wait ConnectionServer::Impl::advance(Connection& c) {
  for (;;) {
    if (c.phase == Connection::Phase::writing) {
      while (c.out_at < c.out.size()) {
        const ssize_t n = ::send(c.fd, c.out.data() + c.out_at, c.out.size() - c.out_at, MSG_NOSIGNAL);
        if (n > 0) c.out_at += static_cast<size_t>(n);
        else if (n < 0 && errno == EINTR) continue;
        else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Wait::write;
        else return Wait::close;
      }
      c.out.clear();
      c.out_at = 0;
      if (c.stream) {
        if (!next_piece(c)) return Wait::close;  // truncated on purpose: no last chunk
        continue;
      }
      if (c.reading_after) {
        c.reading_after = false;
        c.phase = Connection::Phase::reading;
        continue;
      }
      after_answer(c);
      continue;
    }
    if (c.phase == Connection::Phase::lingering) {
      char scratch[4096];
      const ssize_t n = ::recv(c.fd, scratch, sizeof scratch, 0);
      if (n > 0 || (n < 0 && errno == EINTR)) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Wait::read;
      return Wait::close;
    }
    if (!c.parser && c.in.size() > 0) {  // a new request: its deadline starts with its first byte
      c.parser.emplace();
      c.parser->header_limit(static_cast<std::uint32_t>(limits.max_header));
      c.parser->body_limit(limits.max_body);
      c.header_checked = false;
      c.deadline = now_ms() + limits.request_ms;  // the whole request, headers and body
    }
    if (c.parser) {
      if (!parse(c)) {
        if (c.phase == Connection::Phase::writing) continue;  // refused: the answer goes out
        return Wait::close;
      }
      if (c.phase == Connection::Phase::writing) continue;  // answered, or a 100 Continue
    }
    if (stopping && c.idle()) return Wait::close;
    switch (read_more(c)) {
      case Read::got: break;
      case Read::none_yet: return Wait::read;  // wait in the epoll set, holding no thread
      case Read::closed: return Wait::close;   // gone, or cut off mid-request: nobody to answer
    }
  }
}

Read ConnectionServer::Impl::read_more(Connection& c) {
  const size_t want = c.parser && c.parser->is_header_done() ? 65536 : 4096;
  for (;;) {
    auto room = c.in.prepare(want);
    const ssize_t n = ::recv(c.fd, room.data(), room.size(), 0);
    if (n > 0) {
      c.in.commit(static_cast<size_t>(n));
      return Read::got;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Read::none_yet;
    return Read::closed;
  }
}

// Parses what is buffered. On a whole request, serves it; on bad framing,
// refuses it. Both leave the connection writing.
bool ConnectionServer::Impl::parse(Connection& c) {
  while (!c.parser->is_done() && c.in.size() > 0) {
    beast::error_code ec;
    const size_t used = c.parser->put(c.in.data(), ec);
    c.in.consume(used);
    if (ec && ec != http::error::need_more) {
      if (ec == http::error::body_limit) refuse(c, 413, "request body is larger than the limit");
      else if (ec == http::error::header_limit) refuse(c, 431, "request header fields are too large");
      else refuse(c, 400, "malformed request: " + ec.message());
      return false;
    }
    if (c.parser->is_header_done() && !c.header_checked) {
      c.header_checked = true;
      if (!header_acceptable(c)) return false;
      const auto& h = c.parser->get();
      auto expect = h.find(http::field::expect);
      if (expect != h.end() && iequals(trim(expect->value()), "100-continue") && h.version() == 11 &&
          !c.parser->is_done() && c.in.size() == 0) {
        c.out = "HTTP/1.1 100 Continue\r\n\r\n";
        c.reading_after = true;
        c.phase = Connection::Phase::writing;
        return true;
      }
    }
    if (ec == http::error::need_more || used == 0) break;
  }
  if (c.parser->is_done()) serve(c);
  return true;
}

// Before any body byte is read: what the body will be decides whether to read it.
bool ConnectionServer::Impl::header_acceptable(Connection& c) {
  const auto& h = c.parser->get();
  auto te = h.find(http::field::transfer_encoding);
  if (te != h.end() && !iequals(trim(te->value()), "chunked")) {
    refuse(c, 400, "Transfer-Encoding must be chunked");
    return false;
  }
  auto ce = h.find(http::field::content_encoding);
  if (ce != h.end() && !iequals(trim(ce->value()), "identity")) {
    refuse(c, 415, "Content-Encoding is not accepted: send the body uncompressed");
    return false;
  }
  if (auto length = c.parser->content_length(); length && *length > limits.max_body) {
    refuse(c, 413, "request body is larger than the limit");
    return false;
  }
  return true;
}

void ConnectionServer::Impl::serve(Connection& c) {
  auto message = c.parser->release();
  c.parser.reset();
  HttpRequest req;
  req.method = std::string(message.method_string());
  const std::string target(message.target());
  const size_t q = target.find('?');
  if (!percent_decode(target.substr(0, q), req.path, false) || req.path.empty() || req.path[0] != '/')
    return refuse(c, 400, "malformed request target");
  if (q != std::string::npos) req.raw_query = target.substr(q + 1);
  for (auto& [k, v] : parse_query(req.raw_query)) req.params.emplace(std::move(k), std::move(v));
  for (const auto& f : message) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  req.body = std::move(message.body());
  req.remote_ip = c.peer;
  c.head = message.method() == http::verb::head;
  if (c.head) req.method = "GET";  // answered as GET, without the body

  HttpResponse res;
  c.deadline = kNoDeadline;  // the route's time is not the client's
  handler(req, res);
  if (!message.keep_alive()) res.close = true;
  respond(c, res);
}

void ConnectionServer::Impl::refuse(Connection& c, int status, const std::string& why) {
  HttpResponse res;
  refusal(status, why, res);
  res.close = true;  // where the next request starts is unknown
  c.head = false;
  c.parser.reset();
  respond(c, res);
}

void ConnectionServer::Impl::respond(Connection& c, HttpResponse& res) {
  if (stopping) res.close = true;
  c.close_after = res.close;
  c.deadline = now_ms() + limits.request_ms;
  c.phase = Connection::Phase::writing;
  c.out.clear();
  c.out_at = 0;
  if (res.stream && !c.head) {  // a body made page by page goes out chunked, one page per write
    append_head(c.out, res);
    c.out.append("Transfer-Encoding: chunked\r\n\r\n");
    c.stream = std::move(res.stream);
    return;
  }
  // 204 and 304 carry no body and no length; HEAD gets GET's length without the body.
  const bool bodiless = res.status == 204 || res.status == 304;
  c.out.reserve(256 + res.body.size());
  append_head(c.out, res);
  if (!bodiless) c.out.append("Content-Length: ").append(std::to_string(res.body.size())).append("\r\n");
  c.out.append("\r\n");
  if (!c.head && !bodiless) c.out.append(res.body);
}

bool ConnectionServer::Impl::next_piece(Connection& c) {
  std::string piece;
  if (!c.stream(piece)) return false;
  c.deadline = now_ms() + limits.request_ms;
  char size[20];
  std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
  c.out.assign(size).append(piece).append("\r\n");
  if (piece.empty()) c.stream = nullptr;  // "0\r\n\r\n": the last chunk
  return true;
}

// After an answer: the next request, or for one that closes, stop sending and
// read and drop what the client still sends for a moment, so closing with
// unread bytes does not reset the connection before the client read the answer.
void ConnectionServer::Impl::after_answer(Connection& c) {
  if (c.close_after) {
    ::shutdown(c.fd, SHUT_WR);
    c.phase = Connection::Phase::lingering;
    c.deadline = now_ms() + 1000;
    return;
  }
  c.phase = Connection::Phase::reading;
  c.deadline = now_ms() + limits.keep_alive_ms;  // replaced by the request deadline at its first byte
}

ConnectionServer::ConnectionServer(ConnectionLimits limits, Handler handler, Refusal refusal)
    : impl_(std::make_shared<Impl>(limits, std::move(handler), std::move(refusal))) {}

ConnectionServer::~ConnectionServer() = default;

int ConnectionServer::bind(const std::string& host, int port) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v4;
  } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v6;
  } else {
    return -1;
  }
  auto& impl = *impl_;
  if (impl.epoll_fd < 0) impl.epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  const int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int yes = 1;
  if (impl.epoll_fd < 0 || fd < 0 || ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) != 0 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(fd, SOMAXCONN) != 0 ||  // a burst of clients is not refused
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.u64 = kListenId;
  if (::epoll_ctl(impl.epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
    ::close(fd);
    return -1;
  }
  impl.listen_fd = fd;
  return ntohs(addr.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
}

void ConnectionServer::run() {
  std::vector<std::thread> threads;
  const int n = impl_->limits.threads < 1 ? 1 : impl_->limits.threads;
  for (int i = 1; i < n; ++i) threads.emplace_back([this] { impl_->work(); });
  impl_->work();  // returns once stop() was called and every connection is done
  for (auto& t : threads) t.join();
}

// Workers see it within kWaitMs: the next sweep closes the listening socket and
// the idle connections; one in the middle of a request closes after its answer.
void ConnectionServer::stop() { impl_->stopping = true; }

size_t ConnectionServer::open_connections() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->connections.size();
}

}  // namespace loyalty::server
