#include "routes/connection_server.h"

#include <sys/socket.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

namespace loyalty::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session;

bool iequals(beast::string_view a, beast::string_view b) { return beast::iequals(a, b); }

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();
// How often deadlines are checked: a timeout fires up to this much late.
constexpr std::chrono::milliseconds kSweepEvery(100);

beast::string_view trim(beast::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

// Deadlines are not a timer per read: arming and cancelling one for every
// operation cost a wake-up of another reactor thread per request. Each session
// keeps its deadline in an atomic instead, and one sweep a tenth of a second
// shuts down the sockets past theirs; their pending operation then fails and
// the session closes itself on its own thread.
struct ConnectionServer::Impl {
  Impl(ConnectionLimits l, Handler h, Refusal r)
      : limits(l),
        handler(std::move(h)),
        refusal(std::move(r)),
        acceptor(net::make_strand(ioc)),
        sweeper(acceptor.get_executor()) {}

  void accept();
  void sweep();        // on the acceptor's strand, every kSweepEvery until stopped and empty
  bool cut_due();      // shuts down what is past its deadline (idle ones too when stopping); true when none is left
  void add(Session* s) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.insert(s);
  }
  void remove(Session* s) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.erase(s);
  }

  const ConnectionLimits limits;
  const Handler handler;
  const Refusal refusal;
  net::io_context ioc;
  tcp::acceptor acceptor;  // on a strand, with the sweep: stop() closes it from another thread
  net::steady_timer sweeper;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;  // guards sessions
  // A session leaves this set before its socket is closed, so the sweep never
  // shuts down a descriptor number that was closed and reused.
  std::unordered_set<Session*> sessions;
};

namespace {

// One client connection. It has one operation pending at a time, each started
// by the completion of the one before, so it needs no strand; the handler runs
// on whichever reactor thread completed the read.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, ConnectionServer::Impl& srv)
      : socket_(std::move(socket)), fd_(socket_.native_handle()), srv_(srv) {}
  ~Session() { srv_.remove(this); }  // before socket_ closes its descriptor

  void start() {
    srv_.add(this);
    beast::error_code ignored;
    socket_.non_blocking(true, ignored);  // direct writes never block a thread
    wait_for_request();
  }

  // From the sweep, under the server's lock. Past its deadline (idle too long,
  // a request or an answer too slow): both directions shut, so the pending
  // read or write fails. On stop, a connection waiting for its next request is
  // closed now; one in the middle of a request closes after answering it.
  void cut_if_due(std::int64_t now, bool stopping) {
    if (now >= deadline_.load(std::memory_order_relaxed)) ::shutdown(fd_, SHUT_RDWR);
    else if (stopping && idle_.load(std::memory_order_relaxed)) ::shutdown(fd_, SHUT_RD);
  }

 private:
  void expire_in(int ms) { deadline_.store(now_ms() + ms, std::memory_order_relaxed); }

  void wait_for_request() {
    if (srv_.stopping) return close();
    if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
    idle_ = true;
    expire_in(srv_.limits.keep_alive_ms);
    socket_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->idle_ = false;
      if (ec) return self->close();
      self->buffer_.commit(n);
      self->read_header();
    });
  }

  // A new request: its deadline starts with its first byte, already read.
  void read_header() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.limits.max_header));
    parser_->body_limit(srv_.limits.max_body);
    header_checked_ = false;
    expire_in(srv_.limits.request_ms);  // the whole request, headers and body
    parse();
  }

  // Parses what is buffered and reads more only while the request is not whole:
  // a request that came in one packet is served on the thread that read it,
  // with no further trip through the reactor.
  void parse() {
    while (!parser_->is_done() && buffer_.size() > 0) {
      beast::error_code ec;
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec && ec != http::error::need_more) return fail(ec);
      if (parser_->is_header_done() && !header_checked_) {
        header_checked_ = true;
        if (!header_acceptable()) return;
        if (expects_continue() && !parser_->is_done() && buffer_.size() == 0) return send_continue();
      }
      if (ec == http::error::need_more || used == 0) break;
    }
    if (parser_->is_done()) return serve();
    buffer_.reserve(buffer_.size() + 4096);
    socket_.async_read_some(buffer_.prepare(parser_->is_header_done() ? 65536 : 4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->close();  // gone or timed out mid-request: nobody to answer
                              self->buffer_.commit(n);
                              self->parse();
                            });
  }

  // Before any body byte is read: what the body will be decides whether to read it.
  bool header_acceptable() {
    const auto& h = parser_->get();
    auto te = h.find(http::field::transfer_encoding);
    if (te != h.end() && !iequals(trim(te->value()), "chunked")) {
      refuse(400, "Transfer-Encoding must be chunked");
      return false;
    }
    auto ce = h.find(http::field::content_encoding);
    if (ce != h.end() && !iequals(trim(ce->value()), "identity")) {
      refuse(415, "Content-Encoding is not accepted: send the body uncompressed");
      return false;
    }
    if (auto length = parser_->content_length(); length && *length > srv_.limits.max_body) {
      refuse(413, "request body is larger than the limit");
      return false;
    }
    return true;
  }

  bool expects_continue() const {
    const auto& h = parser_->get();
    auto expect = h.find(http::field::expect);
    return expect != h.end() && iequals(trim(expect->value()), "100-continue") && h.version() == 11;
  }

  void send_continue() {
    auto cont = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
    net::async_write(socket_, net::buffer(*cont), [self = shared_from_this(), cont](beast::error_code ec, size_t) {
      if (ec) return self->close();
      self->parse();
    });
  }

  void fail(beast::error_code ec) {
    if (ec == http::error::body_limit) return refuse(413, "request body is larger than the limit");
    if (ec == http::error::header_limit) return refuse(431, "request header fields are too large");
    // Gone, timed out or cut off mid-request: nobody to answer.
    if (ec.category() != http::make_error_code(http::error::bad_method).category() || ec == http::error::end_of_stream ||
        ec == http::error::partial_message)
      return close();
    refuse(400, "malformed request: " + ec.message());
  }

  void serve() {
    auto message = parser_->release();
    parser_.reset();
    HttpRequest req;
    req.method = std::string(message.method_string());
    const std::string target(message.target());
    const size_t q = target.find('?');
    if (!percent_decode(target.substr(0, q), req.path, false) || req.path.empty() || req.path[0] != '/')
      return refuse(400, "malformed request target");
    if (q != std::string::npos) req.raw_query = target.substr(q + 1);
    for (auto& [k, v] : parse_query(req.raw_query)) req.params.emplace(std::move(k), std::move(v));
    for (const auto& f : message) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    req.body = std::move(message.body());
    beast::error_code ignored;
    const auto peer = socket_.remote_endpoint(ignored);
    if (!ignored) req.remote_ip = peer.address().to_string();
    head_ = message.method() == http::verb::head;
    if (head_) req.method = "GET";  // answered as GET, without the body

    auto res = std::make_shared<HttpResponse>();
    deadline_.store(kNoDeadline, std::memory_order_relaxed);  // the handler's time is not the client's
    srv_.handler(req, *res);
    if (!message.keep_alive()) res->close = true;
    write(std::move(res));
  }

  void refuse(int status, const std::string& why) {
    auto res = std::make_shared<HttpResponse>();
    srv_.refusal(status, why, *res);
    res->close = true;  // where the next request starts is unknown
    head_ = false;
    write(std::move(res));
  }

  void write(std::shared_ptr<HttpResponse> res) {
    if (srv_.stopping) res->close = true;
    expire_in(srv_.limits.request_ms);
    if (res->stream && !head_) return write_streamed(std::move(res));
    // 204 and 304 carry no body and no length; HEAD gets GET's length without the body.
    const bool bodiless = res->status == 204 || res->status == 304;
    auto wire = std::make_shared<std::string>();
    wire->reserve(256 + res->body.size());
    status_line(*wire, *res);
    if (!bodiless) wire->append("Content-Length: ").append(std::to_string(res->body.size())).append("\r\n");
    wire->append("\r\n");
    if (!head_ && !bodiless) wire->append(res->body);
    send(std::move(wire), res->close);
  }

  // The status line and the handler's header fields, in the order it set them.
  static void status_line(std::string& wire, const HttpResponse& res) {
    const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(res.status)));
    wire.append("HTTP/1.1 ").append(std::to_string(res.status)).append(" ").append(reason.data(), reason.size());
    wire.append("\r\n");
    for (const auto& [k, v] : res.headers) wire.append(k).append(": ").append(v).append("\r\n");
    if (res.close) wire.append("Connection: close\r\n");
  }

  // Writes what the socket takes at once; only the rest waits in the reactor.
  void send(std::shared_ptr<std::string> wire, bool then_close) {
    beast::error_code ec;
    size_t sent = 0;
    while (sent < wire->size()) {
      const size_t n = socket_.write_some(net::buffer(wire->data() + sent, wire->size() - sent), ec);
      if (ec) break;
      sent += n;
    }
    if (ec && ec != net::error::would_block && ec != net::error::try_again) return close();
    auto done = [self = shared_from_this(), then_close] {
      if (then_close) return self->linger();
      self->wait_for_request();
    };
    if (sent == wire->size()) return done();
    net::async_write(socket_, net::buffer(wire->data() + sent, wire->size() - sent),
                     [self = shared_from_this(), wire, done](beast::error_code e, size_t) {
                       if (e) return self->close();
                       done();
                     });
  }

  // A body made page by page goes out chunked, one page per write.
  void write_streamed(std::shared_ptr<HttpResponse> res) {
    auto head = std::make_shared<std::string>();
    status_line(*head, *res);
    head->append("Transfer-Encoding: chunked\r\n\r\n");
    net::async_write(socket_, net::buffer(*head), [self = shared_from_this(), head, res](beast::error_code ec, size_t) {
      if (ec) return self->close();
      self->write_piece(res);
    });
  }

  void write_piece(std::shared_ptr<HttpResponse> res) {
    auto piece = std::make_shared<std::string>();
    if (!res->stream(*piece)) return close();  // truncated on purpose: no last chunk
    expire_in(srv_.limits.request_ms);
    if (piece->empty()) {
      net::async_write(socket_, http::make_chunk_last(), [self = shared_from_this(), res](beast::error_code ec, size_t) {
        if (ec) return self->close();
        if (res->close) return self->linger();
        self->wait_for_request();
      });
      return;
    }
    net::async_write(socket_, http::make_chunk(net::buffer(*piece)),
                     [self = shared_from_this(), res, piece](beast::error_code ec, size_t) {
                       if (ec) return self->close();
                       self->write_piece(res);
                     });
  }

  // After an answer that closes: stop sending, then read and drop what the
  // client is still sending for a moment, so closing with unread bytes does not
  // reset the connection before the client has read the answer.
  void linger() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    expire_in(1000);
    drain();
  }
  void drain() {
    socket_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->close();
      self->drain();
    });
  }

  // Shuts the connection; its descriptor closes with the session, once it has
  // left the server's set (see Impl::sessions).
  void close() {
    deadline_.store(kNoDeadline, std::memory_order_relaxed);
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
  }

  tcp::socket socket_;
  const int fd_;
  ConnectionServer::Impl& srv_;
  std::atomic<std::int64_t> deadline_{kNoDeadline};
  std::atomic<bool> idle_{false};
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool head_ = false;
  bool header_checked_ = false;
  char scratch_[4096];
};

}  // namespace

void ConnectionServer::Impl::accept() {
  acceptor.async_accept(ioc, [this](beast::error_code ec, tcp::socket socket) {
    if (stopping) return;  // stop() closed the acceptor; a socket accepted just before closes here
    if (ec) {
      if (!acceptor.is_open()) return;
      return accept();  // e.g. out of file descriptors for a moment: keep accepting
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // answers go out as written
    std::make_shared<Session>(std::move(socket), *this)->start();
    accept();
  });
}

bool ConnectionServer::Impl::cut_due() {
  const std::int64_t now = now_ms();
  std::lock_guard<std::mutex> lock(mu);
  for (Session* s : sessions) s->cut_if_due(now, stopping);
  return sessions.empty();
}

void ConnectionServer::Impl::sweep() {
  sweeper.expires_after(kSweepEvery);
  sweeper.async_wait([this](beast::error_code) {
    const bool none_left = cut_due();
    if (!(stopping && none_left)) sweep();  // once stopped and empty, run() returns
  });
}

ConnectionServer::ConnectionServer(ConnectionLimits limits, Handler handler, Refusal refusal)
    : impl_(std::make_shared<Impl>(limits, std::move(handler), std::move(refusal))) {}

ConnectionServer::~ConnectionServer() = default;

int ConnectionServer::bind(const std::string& host, int port) {
  beast::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return -1;
  const tcp::endpoint at(address, static_cast<unsigned short>(port));
  auto& a = impl_->acceptor;
  a.open(at.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(at, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);  // a burst of clients is not refused
  if (ec) {
    a.close(ec);
    return -1;
  }
  return a.local_endpoint().port();
}

void ConnectionServer::run() {
  impl_->accept();
  impl_->sweep();
  std::vector<std::thread> threads;
  const int n = impl_->limits.threads < 1 ? 1 : impl_->limits.threads;
  for (int i = 1; i < n; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();  // returns once stop() closed the acceptor and every connection is done
  for (auto& t : threads) t.join();
}

void ConnectionServer::stop() {
  if (impl_->stopping.exchange(true)) return;
  net::post(impl_->acceptor.get_executor(), [impl = impl_] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->cut_due();  // idle connections close now, not at the next sweep
  });
}

size_t ConnectionServer::open_connections() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->sessions.size();
}

}  // namespace loyalty::server
