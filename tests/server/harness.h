// Real servers on loopback for the tests: starts the loyalty-server binary
// against the store chosen by one setting (LOYALTY_TEST_PG set: PostgreSQL,
// else a fresh SQLite file), provisions shops with its shop-create command.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace test {

using nlohmann::json;

bool using_postgres();
// This run's folder for files (SQLite databases, logs).
std::string tmp_dir();
// A database URL for one test case (SQLite: a new file; PostgreSQL: the shared test DB).
std::string fresh_db();
// A shop id unique to this run (PostgreSQL databases are shared across cases).
std::string unique(const std::string& base);
std::string read_file(const std::string& path);
std::string fixture(const std::string& name);
// The test program as a merchant PUTs it (without "shop": the path names it).
json fixture_program();
std::string realdata(const std::string& name);
// Shopify's documented orders/paid sample is a cancelled, voided test order,
// which earns nothing; this is the same order as a live, paid one.
std::string paid_shopify_order();

class Server {
 public:
  Server(std::string db, std::vector<std::string> extra = {});
  ~Server();
  void start();
  void terminate();          // SIGTERM and wait
  void kill9();              // SIGKILL and wait
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The server's peak resident memory so far (VmHWM), in KiB.
  long peak_rss_kb() const;
  const std::string& db() const { return db_; }
  httplib::Client client() const;
  int exit_code() const { return exit_code_; }
  // What the server wrote to stderr so far (its log lines).
  std::string log_text() const;

 private:
  std::string db_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
  std::string log_;
};

// Runs the binary with args and returns its exit code (stdout into *out).
int run_binary(const std::vector<std::string>& args, std::string* out = nullptr);

struct Shop {
  std::string id, secret, api_key, origin;
};
// shop-create with the fixture program (or the given program file).
// extra: more shop-create options (--shopify-domain, --shopper-secret ...).
Shop create_shop(const std::string& db, const std::string& base, const std::string& program_file = "",
                 const std::string& secret = "", const std::vector<std::string>& extra = {});
// Shopify's app-proxy query for `shop_domain`, signed with `secret` as Shopify signs it.
std::string app_proxy_query(const std::string& secret, const std::string& shop_domain, const std::string& customer,
                            const std::string& more = "");

std::string hex_sig(const std::string& secret, const std::string& body);
std::string b64_sig(const std::string& secret, const std::string& body);
httplib::Headers shopper_headers(const Shop& s, const std::string& customer, std::int64_t ttl = 3600);
httplib::Headers admin_headers(const Shop& s);

// POST a generic event for a customer, signed.
httplib::Result post_event(httplib::Client& c, const Shop& s, const json& event);
// A signed shopper's redemption under `idempotency_key`; `body` as sent; the
// signature lasts `ttl` seconds of the test's clock (longer for a server run ahead).
httplib::Result redeem(httplib::Client& c, const Shop& s, const std::string& customer,
                       const std::string& idempotency_key, const std::string& body, std::int64_t ttl = 3600);
// PUT /api/v1/admin/shops/{shop}/program with the shop's own API key.
httplib::Result put_program(httplib::Client& c, const Shop& s, const json& program);
json order_event(const std::string& customer, const std::string& order_id, std::int64_t amount_minor);

// The customer's ledger through the merchant API (all pages).
std::vector<json> ledger(httplib::Client& c, const Shop& s, const std::string& customer);
std::int64_t balance(httplib::Client& c, const Shop& s, const std::string& customer);
std::int64_t now();

}  // namespace test
