// The server's edge, over raw sockets: body limits hold however the body is
// framed or encoded, before any other work and with flat memory; a request
// whose framing is in doubt is refused and its connection closed, so bytes
// hidden in it are never read as a request of their own.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "raw_connection.h"

using test::json;
using test::RawConnection;

namespace {

const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

std::string chunked(const std::string& body, size_t piece = 8192) {
  std::string out;
  char size[32];
  for (size_t at = 0; at < body.size(); at += piece) {
    const size_t n = std::min(piece, body.size() - at);
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    out += size + body.substr(at, n) + "\r\n";
  }
  return out + "0\r\n\r\n";
}

// 100 MB of zeros, gzipped (about 100 KB): a body that inflates 1000-fold.
std::string gzip_bomb() {
  FILE* p = popen("head -c 100000000 /dev/zero | gzip -c", "r");
  REQUIRE(p);
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

std::string status_line(const std::string& response) { return response.substr(0, response.find("\r\n")); }

// Sends `request` on a fresh connection; returns what came back before the server closed.
std::string exchange(int port, const std::string& request, bool* closed) {
  RawConnection c(port);
  c.send_some(request);
  return c.read_all(3000, closed);
}

}  // namespace

TEST_CASE("edge: a chunked body over --max-body is refused with 413 and not applied", "[edge]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "chunky");
  test::Server srv(db, {"--max-body", "100000"});
  // A correctly signed Shopify order padded past the limit: the limit wins over the signature.
  std::string body = test::paid_shopify_order();
  body.insert(body.rfind('}'), ",\"pad\":\"" + std::string(300000, 'x') + "\"");
  const std::string head = "POST /webhooks/shopify/" + shop.id + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" +
                           "X-Shopify-Hmac-Sha256: " + test::b64_sig(shop.secret, body) + "\r\n" +
                           "X-Shopify-Topic: orders/paid\r\nX-Shopify-Webhook-Id: big-1\r\nContent-Type: application/json\r\n\r\n";
  bool closed = false;
  const std::string got = exchange(srv.port(), head + chunked(body), &closed);
  CHECK(status_line(got) == "HTTP/1.1 413 Payload Too Large");
  CHECK(got.find("\"error\":\"request body is larger than the limit\"") != std::string::npos);
  CHECK(closed);
  auto c = srv.client();
  CHECK(test::ledger(c, shop, "115310627314723954").empty());

  // The same order, small enough and chunked, is applied.
  const std::string small = test::paid_shopify_order();
  const std::string ok_head = "POST /webhooks/shopify/" + shop.id + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" +
                              "X-Shopify-Hmac-Sha256: " + test::b64_sig(shop.secret, small) + "\r\n" +
                              "X-Shopify-Topic: orders/paid\r\nX-Shopify-Webhook-Id: small-1\r\n\r\n";
  RawConnection ok(srv.port());
  ok.send(ok_head + chunked(small, 100));
  bool ok_closed = false;
  const std::string answer = ok.read_all(1000, &ok_closed);
  CHECK(status_line(answer) == "HTTP/1.1 200 OK");
  CHECK(test::ledger(c, shop, "115310627314723954").size() == 1);
}

TEST_CASE("edge: compressed request bodies are refused with 415 before they are inflated", "[edge]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "gzip");
  test::Server srv(db);
  const std::string bomb = gzip_bomb();
  const std::string head = "POST /webhooks/generic/" + shop.id + " HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n" +
                           "X-Loyalty-Signature: " + test::hex_sig(shop.secret, bomb) + "\r\n" +
                           "Content-Length: " + std::to_string(bomb.size()) + "\r\n\r\n";
  bool closed = false;
  const std::string got = exchange(srv.port(), head + bomb, &closed);
  CHECK(status_line(got) == "HTTP/1.1 415 Unsupported Media Type");
  CHECK(got.find("Content-Encoding") != std::string::npos);
  CHECK(closed);
}

TEST_CASE("edge: memory stays flat under oversized chunked and gzip bodies at once", "[edge]") {
  const std::string db = test::fresh_db();
  auto shop = test::create_shop(db, "flat");
  test::Server srv(db);
  const long before = srv.peak_rss_kb();
  REQUIRE(before > 0);
  const std::string bomb = gzip_bomb();
  const std::string gz = "POST /webhooks/generic/" + shop.id + " HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n" +
                         "X-Loyalty-Signature: 00\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n\r\n" + bomb;
  const std::string big = "POST /webhooks/generic/" + shop.id + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" +
                          "X-Loyalty-Signature: 00\r\n\r\n" + chunked(std::string(10 << 20, 'a'), 65536);
  // 10 requests of each kind at the same time.
  std::vector<std::thread> attackers;
  std::vector<std::string> statuses(20);
  for (int i = 0; i < 20; ++i)
    attackers.emplace_back([&, i] {
      bool closed = false;
      statuses[i] = status_line(exchange(srv.port(), i % 2 ? gz : big, &closed));
    });
  for (auto& t : attackers) t.join();
  for (int i = 0; i < 20; ++i)
    CHECK(statuses[i] == (i % 2 ? "HTTP/1.1 415 Unsupported Media Type" : "HTTP/1.1 413 Payload Too Large"));
  // The bound: 40 MiB over what the server had at start, i.e. 20 requests each
  // holding at most --max-body (1 MiB) twice (body and read buffer); measured
  // 12-24 MiB. The bodies sent total 100 MB and would inflate to 1 GB.
  const long growth_kb = srv.peak_rss_kb() - before;
  INFO("peak RSS grew by " << growth_kb << " KiB");
  CHECK(growth_kb < 40 * 1024);
  auto c = srv.client();
  CHECK(c.Get("/healthz")->status == 200);
}

TEST_CASE("edge: framing errors are answered 400 and the connection closed", "[edge]") {
  test::Server srv(test::fresh_db());
  struct Case {
    const char* name;
    std::string request;
    const char* status;
  };
  // Each request hides a GET /healthz after itself: it must never be answered.
  const std::vector<Case> cases = {
      {"Content-Length and Transfer-Encoding together",
       "POST /webhooks/generic/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
       "HTTP/1.1 400 Bad Request"},
      {"Transfer-Encoding and then Content-Length",
       "POST /webhooks/generic/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
       "HTTP/1.1 400 Bad Request"},
      {"a transfer coding other than chunked",
       "POST /webhooks/generic/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
       "HTTP/1.1 400 Bad Request"},
      {"two different Content-Lengths",
       "POST /webhooks/generic/x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n",
       "HTTP/1.1 400 Bad Request"},
      {"a bare CR inside a header value",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\rb\r\n\r\n", "HTTP/1.1 400 Bad Request"},
      {"an oversized header", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n",
       "HTTP/1.1 431 Request Header Fields Too Large"},
      {"a Content-Length over the limit",
       "POST /webhooks/generic/x HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", "HTTP/1.1 413 Payload Too Large"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    bool closed = false;
    const std::string got = exchange(srv.port(), c.request + kHealth, &closed);
    CHECK(status_line(got) == c.status);
    CHECK(RawConnection::occurrences(got, "HTTP/1.1 ") == 1);  // the hidden GET is not answered
    CHECK(got.find("{\"ok\":true") == std::string::npos);
    CHECK(closed);
  }
  // A POST whose Content-Length covers the hidden request: one answer, the GET is its body.
  const std::string inner = kHealth;
  bool closed = false;
  const std::string got = exchange(srv.port(),
                                   "POST /webhooks/generic/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
                                       std::to_string(inner.size()) + "\r\n\r\n" + inner,
                                   &closed);
  CHECK(RawConnection::occurrences(got, "HTTP/1.1 ") == 1);
  CHECK(got.find("{\"ok\":true") == std::string::npos);
}
