// A plain TCP client for tests that must send bytes no HTTP library would:
// pipelined, fragmented, malformed or oversized requests.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <string>

namespace test {

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& s) { REQUIRE(send_some(s) == s.size()); }
  // Sends what the server takes; stops early when it closed or stopped reading for a second.
  size_t send_some(const std::string& s) {
    size_t sent = 0;
    while (sent < s.size()) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, 1000) <= 0 || (p.revents & (POLLERR | POLLHUP))) break;
      const ssize_t n = ::send(fd_, s.data() + sent, s.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    return sent;
  }
  // Reads until `count` complete 200 responses to /healthz arrived, the peer
  // closed, or `wait_ms` passed without data. Returns everything read.
  std::string read_responses(int count, int wait_ms = 3000) {
    std::string got;
    while (occurrences(got, "\r\n\r\n{\"ok\":true") < count) {
      if (!read_more(got, wait_ms)) break;
    }
    return got;
  }
  // Everything until the server closes (or `wait_ms` passes without data);
  // *closed says which.
  std::string read_all(int wait_ms, bool* closed) {
    std::string got;
    bool eof = false;
    while (read_more(got, wait_ms, &eof)) {
    }
    if (closed) *closed = eof;
    return got;
  }
  // True when the server closed (or reset) the connection within `wait_ms`.
  bool closed_by_server(int wait_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, wait_ms) <= 0) return false;
    char c;
    return ::recv(fd_, &c, 1, 0) <= 0;
  }
  static int occurrences(const std::string& s, const std::string& what) {
    int n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
  }

 private:
  bool read_more(std::string& got, int wait_ms, bool* eof = nullptr) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, wait_ms) <= 0) return false;
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      if (eof) *eof = true;
      return false;
    }
    got.append(buf, static_cast<size_t>(n));
    return true;
  }
  int fd_ = -1;
};

}  // namespace test
