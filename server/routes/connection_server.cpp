#include "routes/connection_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "routes/connection.h"

namespace loyalty::server {

namespace {

constexpr int kWaitMs = 200;        // a worker's longest sleep: how late it sees stop()
constexpr std::int64_t kSweepMs = 100;  // how often deadlines are checked: a timeout fires up to this late
constexpr std::uint64_t kListenId = 0;  // the epoll id of the listening socket; connections count from 1

}  // namespace

// Workers wait in one epoll set, one event each: the kernel wakes one worker
// per ready connection, and that worker reads, runs the route and writes the
// answer on its own thread, with no hand-off. (Boost.Asio's scheduler, used
// before, handed the reactor to another thread through a mutex and condition
// variable on every request: about 9 futex calls per webhook where this makes 1.)
//
// At most two workers per core wait in epoll_wait at a time; the others stand
// by for a free place. The kernel wakes the waiter that has slept longest, so
// with all 64 in the set a burst of /me calls each ran on a fresh thread, and
// those preempted one another inside SQLite's and malloc's locks: 1.26 % of
// calls over 2 ms in the server against 0.21 % for 23a1957 (BENCHMARKS.md, "The
// /me tail against 23a1957"). A worker that takes an event gives its place to a
// standby one, so every worker can still be busy at once (a webhook waiting on
// the writer lock or the disk holds its worker).
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

  const ConnectionLimits limits;
  const Handler handler;
  const Refusal refusal;
  std::atomic<bool> stopping{false};
  const ConnectionContext context{limits, handler, refusal, stopping};
  int epoll_fd = -1;
  int listen_fd = -1;  // guarded by accept_mu once workers run
  std::atomic<bool> listening{true};
  std::mutex accept_mu;  // the accepting worker against the one closing the listening socket; taken before mu
  mutable std::mutex mu;  // guards connections, and the busy flag and deadline of each
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections;
  std::uint64_t next_id = kListenId + 1;
  std::atomic<std::int64_t> next_sweep{0};
  std::mutex waiting_mu;  // the places in epoll_wait
  std::condition_variable place_freed;
  int free_places = 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

bool ConnectionServer::Impl::arm(int op, int fd, std::uint64_t id, std::uint32_t events) {
  epoll_event ev{};
  ev.events = events | EPOLLRDHUP | EPOLLONESHOT;  // one worker per readiness
  ev.data.u64 = id;
  return ::epoll_ctl(epoll_fd, op, fd, &ev) == 0;
}

void ConnectionServer::Impl::work() {
  for (;;) {
    bool placed = false;
    {
      std::unique_lock<std::mutex> lock(waiting_mu);
      placed = place_freed.wait_for(lock, std::chrono::milliseconds(kWaitMs), [&] { return free_places > 0; });
      if (placed) --free_places;
    }
    epoll_event ev{};
    int n = 0;
    if (placed) {
      n = ::epoll_wait(epoll_fd, &ev, 1, kWaitMs);
      {
        std::lock_guard<std::mutex> lock(waiting_mu);
        ++free_places;
      }
      if (n == 1) place_freed.notify_one();  // a standby worker waits for the next event while this one serves
      if (n < 0 && errno != EINTR) return;
    }
    const std::int64_t now = steady_now_ms();
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
    c->deadline = steady_now_ms() + limits.keep_alive_ms;
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
  const Wait next = c->advance(context);
  std::lock_guard<std::mutex> lock(mu);
  c->busy = false;
  if (next == Wait::close || !arm(EPOLL_CTL_MOD, c->fd, id, next == Wait::write ? EPOLLOUT : EPOLLIN))
    connections.erase(id);
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
