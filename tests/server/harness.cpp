#include "harness.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "auth/crypto.h"
#include "auth/identity.h"

namespace test {

namespace {
std::atomic<int> counter{0};

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

}  // namespace

// LOYALTY_SERVER_BIN in the environment runs the suite against another build
// (e.g. the previous commit's binary, to see a new test fail there).
std::string server_bin() {
  const char* e = std::getenv("LOYALTY_SERVER_BIN");
  return e && *e ? e : LOYALTY_SERVER_BIN;
}

bool using_postgres() {
  const char* pg = std::getenv("LOYALTY_TEST_PG");
  return pg && *pg;
}

std::string tmp_dir() {
  static std::string dir = [] {
    std::string d = "/tmp/loyalty-server-tests-" + std::to_string(getpid());
    std::string cmd = "mkdir -p " + d;
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("mkdir failed");
    return d;
  }();
  return dir;
}

std::string fresh_db() {
  if (using_postgres()) return std::getenv("LOYALTY_TEST_PG");
  return "sqlite:" + tmp_dir() + "/case-" + std::to_string(++counter) + ".db";
}

std::string unique(const std::string& base) {
  return base + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string fixture(const std::string& name) { return std::string(LOYALTY_FIXTURES_DIR) + "/" + name; }
json fixture_program() {
  json p = json::parse(read_file(fixture("program.json")));
  p.erase("shop");
  return p;
}
std::string realdata(const std::string& name) { return read_file(std::string(LOYALTY_REALDATA_DIR) + "/" + name); }

std::string paid_shopify_order() {
  json o = json::parse(realdata("shopify_docs_orders_paid.json"));
  o["test"] = false;
  o["financial_status"] = "paid";
  o["cancelled_at"] = nullptr;
  o["cancel_reason"] = nullptr;
  return o.dump();
}

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

int run_binary(const std::vector<std::string>& args, std::string* out) {
  std::string cmd = server_bin();
  for (const auto& a : args) {
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += " " + q + "'";
  }
  cmd += " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  int rc = pclose(p);
  if (out) *out = text;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

Server::Server(std::string db, std::vector<std::string> extra) : db_(std::move(db)), extra_(std::move(extra)) { start(); }

Server::~Server() {
  if (pid_ > 0) kill9();
}

std::string Server::log_text() const { return read_file(log_); }

void Server::start() {
  if (port_ == 0) port_ = free_port();
  log_ = tmp_dir() + "/server-" + std::to_string(port_) + ".log";
  std::vector<std::string> args = {server_bin(), "--db", db_, "--port", std::to_string(port_), "--tick-interval", "0",
                                   "--threads", "96"};
  args.insert(args.end(), extra_.begin(), extra_.end());
  pid_ = fork();
  if (pid_ == 0) {
    FILE* f = std::fopen(log_.c_str(), "a");
    if (f) dup2(fileno(f), 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  for (int i = 0; i < 300; ++i) {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(0, 200000);
    if (auto r = c.Get("/healthz"); r && r->status == 200) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("server exited at start; log: " + read_file(log_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("server did not become healthy");
}

void Server::terminate() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
}

void Server::kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

long Server::peak_rss_kb() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

httplib::Client Server::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(30, 0);
  c.set_write_timeout(30, 0);
  return c;
}

Shop create_shop(const std::string& db, const std::string& base, const std::string& program_file, const std::string& secret,
                 const std::vector<std::string>& extra) {
  Shop s{unique(base), secret.empty() ? "secret-" + base : secret, "key-" + unique(base), "http://" + base + ".example"};
  // The fixture names its shop "alpha"; shop-create puts the real id in.
  std::string prog = program_file.empty() ? fixture("program.json") : program_file;
  auto doc = json::parse(read_file(prog));
  doc.erase("shop");
  std::string tmp = tmp_dir() + "/prog-" + s.id + ".json";
  std::ofstream(tmp) << doc.dump();
  std::string out;
  std::vector<std::string> args = {"--db", db, "shop-create", "--shop", s.id, "--secret", s.secret, "--api-key", s.api_key,
                                   "--origin", s.origin, "--program", tmp};
  args.insert(args.end(), extra.begin(), extra.end());
  int rc = run_binary(args, &out);
  if (rc != 0) throw std::runtime_error("shop-create failed: " + out);
  return s;
}

std::string hex_sig(const std::string& secret, const std::string& body) {
  return loyalty::server::to_hex(loyalty::server::hmac_sha256(secret, body));
}
std::string b64_sig(const std::string& secret, const std::string& body) {
  return loyalty::server::to_base64(loyalty::server::hmac_sha256(secret, body));
}

httplib::Headers shopper_headers(const Shop& s, const std::string& customer, std::int64_t ttl) {
  return {{"X-Loyalty-Customer", customer},
          {"X-Loyalty-Signature", loyalty::server::sign_shopper(s.secret, s.id, customer, now() + ttl)}};
}

std::string app_proxy_query(const std::string& secret, const std::string& shop_domain, const std::string& customer,
                            const std::string& more) {
  const std::string query = "shop=" + shop_domain + "&logged_in_customer_id=" + customer +
                            "&path_prefix=%2Fapps%2Floyalty&timestamp=" + std::to_string(now()) + (more.empty() ? "" : "&" + more);
  return query + "&signature=" + hex_sig(secret, loyalty::server::app_proxy_message(query));
}

httplib::Headers admin_headers(const Shop& s) { return {{"Authorization", "Bearer " + s.api_key}}; }

httplib::Result post_event(httplib::Client& c, const Shop& s, const json& event) {
  const std::string body = event.dump();
  return c.Post(("/webhooks/generic/" + s.id).c_str(), {{"X-Loyalty-Signature", hex_sig(s.secret, body)}}, body,
                "application/json");
}

httplib::Result redeem(httplib::Client& c, const Shop& s, const std::string& customer,
                       const std::string& idempotency_key, const std::string& body, std::int64_t ttl) {
  auto headers = shopper_headers(s, customer, ttl);
  headers.emplace("Idempotency-Key", idempotency_key);
  return c.Post(("/api/v1/shops/" + s.id + "/me/redemptions").c_str(), headers, body, "application/json");
}

json order_event(const std::string& customer, const std::string& order_id, std::int64_t amount_minor) {
  return {{"customer", customer}, {"id", "order-" + order_id}, {"type", "order_paid"}, {"at", now() - 5},
          {"order", {{"id", order_id}, {"currency", "USD"},
                     {"lines", json::array({{{"id", "1"}, {"product_id", "p1"}, {"unit_price", amount_minor}}})}}}};
}

std::vector<json> ledger(httplib::Client& c, const Shop& s, const std::string& customer) {
  std::vector<json> out;
  std::string cursor;
  for (;;) {
    std::string path = "/api/v1/admin/shops/" + s.id + "/customers/" + customer + "/ledger?limit=200";
    if (!cursor.empty()) path += "&cursor=" + cursor;
    auto r = c.Get(path.c_str(), admin_headers(s));
    if (!r || r->status != 200) throw std::runtime_error("ledger read failed");
    auto j = json::parse(r->body);
    for (auto& e : j["entries"]) out.push_back(e);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"].get<std::string>();
  }
  return out;
}

std::int64_t balance(httplib::Client& c, const Shop& s, const std::string& customer) {
  auto r = c.Get(("/api/v1/admin/shops/" + s.id + "/customers/" + customer).c_str(), admin_headers(s));
  if (!r || r->status != 200) throw std::runtime_error("state read failed");
  return json::parse(r->body)["state"]["balance"].get<std::int64_t>();
}

httplib::Result put_program(httplib::Client& c, const Shop& s, const json& program) {
  return c.Put(("/api/v1/admin/shops/" + s.id + "/program").c_str(), admin_headers(s), program.dump(), "application/json");
}

}  // namespace test
