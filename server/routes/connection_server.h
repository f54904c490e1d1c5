// The connection layer: Boost.Beast's HTTP/1.1 parser (public API only) on an
// epoll loop. `threads` workers take events from one epoll set (at most two per
// core wait in it at once, the rest stand by) and each serves the connection
// whose event it took, one request at a time; a connection waiting for bytes
// (idle keep-alive, or a request still arriving) holds no thread.
//
// What reaches the handler is a whole, well-framed request: the body limit holds
// for Content-Length and chunked bodies alike (413) before any other work;
// compressed request bodies are refused (415); a request with both
// Content-Length and Transfer-Encoding, a transfer coding other than chunked,
// a bare CR or any other framing error is answered 400 (431 for oversized
// headers) and the connection is closed, since its next bytes cannot be trusted
// to start a request (RFC 9112 6.1, 6.3). Pipelined requests are answered in
// order; a request (headers and body) must arrive within `request_ms` of its
// first byte, so a client trickling bytes cannot hold a thread.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "routes/http_message.h"

namespace loyalty::server {

struct ConnectionLimits {
  size_t max_body = 1 << 20;
  size_t max_header = 16 * 1024;  // request line and header fields together
  int keep_alive_ms = 5000;       // an idle connection is closed after this
  int request_ms = 30000;         // from a request's first byte to its last
  int threads = 64;
};

class ConnectionServer {
 public:
  using Handler = std::function<void(HttpRequest&, HttpResponse&)>;
  // Fills the answer to a request refused before routing (status and reason).
  using Refusal = std::function<void(int status, const std::string& message, HttpResponse&)>;

  ConnectionServer(ConnectionLimits limits, Handler handler, Refusal refusal);
  ~ConnectionServer();

  // The bound port (port 0: any free one), or -1 when it cannot be bound.
  int bind(const std::string& host, int port);
  // Serves until stop(), then lets requests in flight finish and closes every connection.
  void run();
  void stop();  // from any thread
  size_t open_connections() const;

  struct Impl;  // the epoll set, the workers and the connections (connection_server.cpp)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace loyalty::server
