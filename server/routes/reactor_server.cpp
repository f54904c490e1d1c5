#include "routes/reactor_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace loyalty::server {

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int to_ms(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

bool wait_for(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

// The accept loop hands each socket to process_and_close_socket; parking it is
// cheap, so that runs on the accept thread instead of a pool.
class InlineQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

// One client connection. While parked it is owned by the epoll set; while a
// worker serves it (busy) only that worker touches the socket and buffer.
// Erasing it from the map closes the socket, which also takes it out of the set.
struct ReactorServer::Connection {
  explicit Connection(int socket) : fd(socket) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { ::close(fd); }
  const int fd;
  bool busy = false;
  std::int64_t last_active_ms = 0;
  size_t served = 0;
  // Bytes read past the current request (a pipelining client) stay here.
  std::vector<char> buffer = std::vector<char>(4096);
  size_t begin = 0, end = 0;
};

namespace {

// httplib reads a request a byte at a time through its Stream, so the stream
// buffers; the buffer belongs to the connection, not to one request. Each read
// waits at most the read timeout, and the whole request must arrive by a
// deadline: a client trickling a byte every few seconds cannot keep a worker.
class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(int fd, std::vector<char>& buffer, size_t& begin, size_t& end, int read_ms, int write_ms)
      : fd_(fd), buffer_(buffer), begin_(begin), end_(end), read_ms_(read_ms), write_ms_(write_ms) {}

  void start_request(int request_ms) { deadline_ms_ = now_ms() + request_ms; }

  bool is_readable() const override { return begin_ < end_ || wait_for(fd_, POLLIN, read_wait_ms()); }
  bool is_writable() const override { return wait_for(fd_, POLLOUT, write_ms_); }

  ssize_t read(char* out, size_t size) override {
    if (begin_ == end_) {
      if (!wait_for(fd_, POLLIN, read_wait_ms())) return -1;
      ssize_t n;
      do n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
      while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, end_ - begin_);
    std::memcpy(out, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* data, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do n = ::send(fd_, data, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(fd_, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(fd_, false, ip, port); }
  socket_t socket() const override { return fd_; }

 private:
  int read_wait_ms() const {
    const std::int64_t left = deadline_ms_ - now_ms();
    return left <= 0 ? 0 : static_cast<int>(std::min<std::int64_t>(read_ms_, left));
  }

  std::int64_t deadline_ms_ = 0;
  int fd_;
  std::vector<char>& buffer_;
  size_t& begin_;
  size_t& end_;
  int read_ms_, write_ms_;
};

}  // namespace

ReactorServer::ReactorServer(int workers, int request_timeout_seconds)
    : workers_(workers < 1 ? 1 : workers), request_timeout_ms_(std::max(1, request_timeout_seconds) * 1000) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
  new_task_queue = [] { return new InlineQueue(); };
}

ReactorServer::~ReactorServer() {
  stop_workers();
  connections_.clear();
  ::close(epoll_fd_);
}

bool ReactorServer::serve() {
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { work(); });
  const bool ok = listen_after_bind();  // returns once stop() closed the listening socket
  stop_workers();                       // each finishes the request it is serving
  std::lock_guard<std::mutex> lock(mu_);
  connections_.clear();
  return ok;
}

void ReactorServer::stop_workers() {
  stopping_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

bool ReactorServer::arm(int op, int fd, std::uint64_t id) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;  // one worker per readiness
  ev.data.u64 = id;
  return ::epoll_ctl(epoll_fd_, op, fd, &ev) == 0;
}

size_t ReactorServer::open_connections() {
  std::lock_guard<std::mutex> lock(mu_);
  return connections_.size();
}

bool ReactorServer::process_and_close_socket(socket_t sock) {
  // Answers go out as written: headers and body are separate sends.
  int yes = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  auto c = std::make_unique<Connection>(sock);
  c->last_active_ms = now_ms();
  const std::uint64_t id = next_id_++;
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || !arm(EPOLL_CTL_ADD, sock, id)) return false;  // c closes it
  connections_.emplace(id, std::move(c));
  return true;
}

void ReactorServer::work() {
  // One event per wait: the kernel wakes one waiting worker per ready
  // connection, and EPOLLONESHOT keeps a connection with one worker at a time.
  while (!stopping_) {
    epoll_event ev{};
    const int n = ::epoll_wait(epoll_fd_, &ev, 1, 200);
    if (n < 0 && errno != EINTR) break;
    const std::int64_t now = now_ms();
    if (now >= next_sweep_ms_.load(std::memory_order_relaxed)) close_idle(now);
    if (n == 1 && !stopping_) serve_ready(ev.data.u64);
  }
}

void ReactorServer::serve_ready(std::uint64_t id) {
  Connection* c = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = connections_.find(id);
    if (it == connections_.end()) return;  // closed as idle after the event fired
    c = it->second.get();
    c->busy = true;
  }
  ConnectionStream stream(c->fd, c->buffer, c->begin, c->end, to_ms(read_timeout_sec_, read_timeout_usec_),
                          to_ms(write_timeout_sec_, write_timeout_usec_));
  bool keep = true;
  do {
    const bool last = stopping_ || ++c->served >= keep_alive_max_count_;
    stream.start_request(request_timeout_ms_);
    bool closed = false;
    keep = process_request(stream, last, closed, nullptr) && !closed && !last;
  } while (keep && c->begin < c->end);  // a pipelined request is already buffered
  std::lock_guard<std::mutex> lock(mu_);
  c->busy = false;
  c->last_active_ms = now_ms();
  if (!keep || !arm(EPOLL_CTL_MOD, c->fd, id)) connections_.erase(id);
}

void ReactorServer::close_idle(std::int64_t now) {
  std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another worker is at it, or serving
  next_sweep_ms_ = now + 1000;
  const std::int64_t limit = static_cast<std::int64_t>(keep_alive_timeout_sec_) * 1000;
  for (auto it = connections_.begin(); it != connections_.end();) {
    Connection& c = *it->second;
    if (!c.busy && now - c.last_active_ms > limit) it = connections_.erase(it);
    else ++it;
  }
}

}  // namespace loyalty::server
