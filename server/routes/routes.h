// HTTP only: the routes by caller (each behind its auth step in auth/), the
// service calls, the answer or the one JSON error shape.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "routes/metrics.h"
#include "service/services.h"

namespace loyalty::server {

class ConnectionServer;
class Router;
struct HttpRequest;
struct HttpResponse;

struct HttpOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string static_dir;
  size_t max_body = 1 << 20;   // 1 MiB: real webhooks are far smaller
  int keep_alive_seconds = 5; // an idle connection is closed after this
  int request_seconds = 30;    // a request's headers and body must arrive within this
  int threads = 64;            // workers serving requests; idle connections hold none
  bool log_requests = true;
  std::int64_t clock_offset = 0;  // tests and demos only: shifts "now"
};

class HttpServer {
 public:
  HttpServer(Services& services, HttpOptions o);
  ~HttpServer();
  // Blocks until stop(); false if the port could not be bound.
  bool run();
  void stop();
  int bound_port() const { return bound_port_; }
  std::int64_t now() const;

 private:
  void dispatch(HttpRequest& req, HttpResponse& res);
  bool serve_static(const HttpRequest& req, HttpResponse& res) const;
  Services& service_;
  HttpOptions opts_;
  Metrics metrics_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<ConnectionServer> connections_;
  int bound_port_ = 0;
};

}  // namespace loyalty::server
