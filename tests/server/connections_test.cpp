// Connection handling over raw sockets: idle keep-alive connections must not
// hold the workers, pipelined and fragmented requests are answered, and idle
// connections are closed after the keep-alive timeout.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "raw_connection.h"

namespace {

const char* kHealth = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
using test::RawConnection;

}  // namespace

TEST_CASE("connections: idle keep-alive connections hold no worker", "[connections]") {
  test::Server srv(test::fresh_db(), {"--threads", "2"});
  // 40 clients each make a request and then keep the connection open, idle.
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 40; ++i) {
    idle.push_back(std::make_unique<RawConnection>(srv.port()));
    idle.back()->send(kHealth);
    REQUIRE(RawConnection::occurrences(idle.back()->read_responses(1), "200 OK") == 1);
  }
  // With a worker per connection, 2 workers would now be stuck on idle sockets
  // until the keep-alive timeout (5 s); a new client and an old one are answered.
  RawConnection fresh(srv.port());
  fresh.send(kHealth);
  CHECK(RawConnection::occurrences(fresh.read_responses(1, 2000), "200 OK") == 1);
  idle[17]->send(kHealth);
  CHECK(RawConnection::occurrences(idle[17]->read_responses(1, 2000), "200 OK") == 1);
  auto c = srv.client();
  auto m = c.Get("/metrics");
  REQUIRE(m);
  CHECK(m->body.find("loyalty_http_open_connections 42\n") != std::string::npos);  // 40 + fresh + this client
}

TEST_CASE("connections: pipelined and fragmented requests are answered in order", "[connections]") {
  test::Server srv(test::fresh_db());
  RawConnection c(srv.port());
  // Three requests in one write: the bytes past the first stay buffered.
  c.send(std::string(kHealth) + "GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n" + kHealth);
  const std::string got = c.read_responses(2);
  CHECK(RawConnection::occurrences(got, "HTTP/1.1 200 OK") == 2);
  const auto not_found = got.find("HTTP/1.1 404");
  REQUIRE(not_found != std::string::npos);
  CHECK(got.find("HTTP/1.1 200 OK") < not_found);
  CHECK(got.rfind("HTTP/1.1 200 OK") > not_found);
  // One request in pieces, with pauses between them.
  c.send("GET /heal");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  c.send("thz HTTP/1.1\r\nHo");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  c.send("st: localhost\r\n\r\n");
  CHECK(RawConnection::occurrences(c.read_responses(1), "HTTP/1.1 200 OK") == 1);
}

TEST_CASE("connections: an idle connection is closed after the keep-alive timeout", "[connections]") {
  test::Server srv(test::fresh_db(), {"--keep-alive-timeout", "1"});
  RawConnection c(srv.port());
  c.send(kHealth);
  REQUIRE(RawConnection::occurrences(c.read_responses(1), "200 OK") == 1);
  CHECK_FALSE(c.closed_by_server(500));   // still open half-way through
  CHECK(c.closed_by_server(3000));        // closed once idle for over a second
  // A client that says Connection: close is answered and then closed.
  RawConnection once(srv.port());
  once.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  const std::string got = once.read_responses(1);
  CHECK(got.find("Connection: close") != std::string::npos);
  CHECK(once.closed_by_server(1000));
}

TEST_CASE("connections: a request trickling in is cut off at the request timeout", "[connections]") {
  test::Server srv(test::fresh_db(), {"--request-timeout", "1", "--threads", "1"});
  RawConnection slow(srv.port());
  // A byte every 200 ms: each read is well within the read timeout (10 s), but the
  // request as a whole is not done after a second, so the server drops it.
  const std::string request = kHealth;
  bool dropped = false;
  for (size_t i = 0; i < request.size() && !dropped; ++i) {
    slow.send(request.substr(i, 1));
    dropped = slow.closed_by_server(200);
  }
  CHECK(dropped);
  // The one worker is free again.
  RawConnection next(srv.port());
  next.send(kHealth);
  CHECK(RawConnection::occurrences(next.read_responses(1, 2000), "200 OK") == 1);
}
