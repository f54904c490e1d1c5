// cpp-httplib with idle keep-alive connections parked in one epoll set.
//
// Debian's cpp-httplib 0.11 gives every connection a pool thread for its whole
// life, and that thread polls the idle socket every 10 ms and sleeps 1 ms between
// polls: 100 idle connections cost 9,000 wake-ups a second and up to 1 ms added
// to a request that arrives during the sleep. Here a fixed set of workers waits on
// one epoll set; whichever wakes serves that connection's next request through
// httplib's own request handling (process_request), then parks it again.
#pragma once
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace loyalty::server {

class ReactorServer : public httplib::Server {
 public:
  // request_timeout_seconds: the most a whole request (headers and body) may take to arrive.
  ReactorServer(int workers, int request_timeout_seconds);
  ~ReactorServer() override;

  // Serves until stop(); then finishes the requests in flight and closes every
  // connection before returning.
  bool serve();

  size_t open_connections();

 private:
  struct Connection;
  bool process_and_close_socket(socket_t sock) override;  // called by the accept loop: parks the socket
  void work();
  void serve_ready(std::uint64_t id);
  void close_idle(std::int64_t now_ms);
  void stop_workers();
  bool arm(int op, int fd, std::uint64_t id);  // (re)adds the connection to the epoll set

  const int workers_;
  const int request_timeout_ms_;
  int epoll_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> next_id_{1};
  std::atomic<std::int64_t> next_sweep_ms_{0};
  std::mutex mu_;  // guards connections_
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::vector<std::thread> threads_;
};

}  // namespace loyalty::server
