// One client connection's HTTP/1.1 exchange, driven by the worker that took
// its epoll event (routes/connection_server.cpp): it reads what has arrived,
// parses it with Boost.Beast's parser, runs the route and writes the answer, as
// far as it goes without waiting. Between two such steps it is only an entry in
// the epoll set and holds no thread.
#pragma once
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>

#include "routes/connection_server.h"
#include "routes/http_message.h"

namespace loyalty::server {

std::int64_t steady_now_ms();
constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();

// What an exchange needs from its server.
struct ConnectionContext {
  const ConnectionLimits& limits;
  const ConnectionServer::Handler& handler;
  const ConnectionServer::Refusal& refusal;
  const std::atomic<bool>& stopping;
};

// What a connection waits for once it cannot go further.
enum class Wait { read, write, close };

class Connection {
 public:
  explicit Connection(int socket);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();  // closes the socket, which also takes it out of the epoll set

  // Reads, parses, serves and writes until the connection has to wait for the
  // client. A request that came in one packet is answered here, on this thread.
  Wait advance(const ConnectionContext& ctx);
  // Waiting for a next request that has not started: closed first on stop.
  bool idle() const { return phase == Phase::reading && !parser && in.size() == 0; }

  const int fd;
  // Guarded by the server's lock: the sweep reads them while no worker owns
  // the connection (busy), and closes it once now passes the deadline.
  bool busy = false;
  std::int64_t deadline = kNoDeadline;

 private:
  enum class Phase { reading, writing, lingering };
  enum class Read { got, none_yet, closed };
  Read read_more();
  bool parse(const ConnectionContext& ctx);  // false: refused, or the connection must close
  bool header_acceptable(const ConnectionContext& ctx);
  void serve(const ConnectionContext& ctx);
  void refuse(const ConnectionContext& ctx, int status, const std::string& why);
  void respond(const ConnectionContext& ctx, HttpResponse& res);
  bool next_piece(const ConnectionContext& ctx);
  void after_answer(const ConnectionContext& ctx);

  const std::string peer;
  Phase phase = Phase::reading;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser;  // from a request's first byte
  boost::beast::flat_buffer in;    // bytes read past the current request (pipelining) stay here
  bool header_checked = false;
  bool head = false;               // the request being answered is a HEAD
  std::string out;                 // bytes still to send, from out_at
  size_t out_at = 0;
  bool close_after = false;        // linger and close once `out` is sent
  bool reading_after = false;      // `out` is a 100 Continue: read the body next
  std::function<bool(std::string&)> stream;  // the rest of an answer made page by page
};

}  // namespace loyalty::server
