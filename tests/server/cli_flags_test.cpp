// Command lines: loyalty-server and loyalty refuse unknown flags and missing
// values with the usage (a typo never leaves a limit at its default), take
// --flag=value, and have --help per command. Also: the tests find the shared
// real payloads beside the checkout, not at a fixed absolute path.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>

#include "harness.h"

namespace {

// Runs a shell command line; returns its exit code, output (stdout and stderr) in *out.
int run(const std::string& cmd, std::string* out) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  size_t n;
  out->clear();
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  const int rc = pclose(p);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace

TEST_CASE("cli: loyalty-server refuses unknown flags and missing values with the usage", "[cli]") {
  const std::string db = test::fresh_db();
  std::string out;
  CHECK(test::run_binary({"--db", db, "shop-create", "--shop", "typo", "--api-key", "k", "--shopify-domian", "x.myshopify.com"},
                         &out) == 2);
  CHECK(out.find("--shopify-domian") != std::string::npos);
  CHECK(out.find("--shopify-domain") != std::string::npos);  // the usage lists the right spelling
  CHECK(test::run_binary({"--db", db, "--max-bdy", "10", "migrate"}, &out) == 2);
  CHECK(out.find("--max-bdy") != std::string::npos);
  CHECK(test::run_binary({"--db", db, "migrate", "--max-body"}, &out) == 2);
  CHECK(test::run_binary({"--db", db, "--max-body", "ten", "migrate"}, &out) == 2);
  CHECK(test::run_binary({"sign", "--secret", "s", "--shop", "x"}, &out) == 2);  // --customer is required
  CHECK(out.find("--customer") != std::string::npos);
  // --help per subcommand.
  CHECK(test::run_binary({"shop-create", "--help"}, &out) == 0);
  CHECK(out.find("--shopper-secret") != std::string::npos);
  CHECK(out.find("--max-body") == std::string::npos);  // the serve options are not shop-create's
  // --flag=value: the limit is the one given.
  auto shop = test::create_shop(db, "flags");
  test::Server srv(db, {"--max-body=2048"});
  auto c = srv.client();
  const std::string body(4096, ' ');
  auto r = c.Post(("/webhooks/generic/" + shop.id).c_str(), {{"X-Loyalty-Signature", test::hex_sig(shop.secret, body)}}, body,
                  "application/json");
  REQUIRE(r);
  CHECK(r->status == 413);
}

TEST_CASE("cli: loyalty refuses unknown flags and missing values with the usage", "[cli]") {
  const char* other = std::getenv("LOYALTY_CLI_BIN");  // another build's, like LOYALTY_SERVER_BIN
  const std::string loyalty = other && *other ? other : LOYALTY_CLI_BIN;
  const std::string program = std::string(LOYALTY_SOURCE_DIR) + "/examples/coffee-shop.json";
  std::string out;
  CHECK(run(loyalty + " generate-orders --cout 5", &out) == 2);
  CHECK(out.find("--cout") != std::string::npos);
  CHECK(out.find("--count") != std::string::npos);
  CHECK(run(loyalty + " generate-orders --count", &out) == 2);
  CHECK(run(loyalty + " quote --program " + program, &out) == 2);  // --cart is required
  CHECK(run(loyalty + " simulate --help", &out) == 0);
  CHECK(out.find("--redeeming-percent") != std::string::npos);
  CHECK(run(loyalty + " generate-orders --count=3 --seed=7", &out) == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') == 4);  // header and 3 orders
  CHECK(run(loyalty + " validate --json " + program, &out) == 0);
  CHECK(out.find("\"valid\":true") != std::string::npos);
  CHECK(run(loyalty + " nonsense", &out) == 2);
}

TEST_CASE("tests: the shared real payloads are read from beside the checkout", "[cli]") {
  const std::string dir = LOYALTY_REALDATA_DIR;
  CHECK(dir == std::string(LOYALTY_SOURCE_DIR) + "/../shared/realdata");
  CHECK_FALSE(test::realdata("SOURCES.md").empty());
}
