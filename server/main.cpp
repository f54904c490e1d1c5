// loyalty-server: serve, provision shops, sign shopper identities.
//   loyalty-server --db sqlite:loyalty.db --port 8080 [--static demo/] [--bind 127.0.0.1]
//   loyalty-server --db ... shop-create --shop demo --secret S --api-key K --origin http://localhost:8080 --program P.json
//                  [--shopify-domain x.myshopify.com] [--shopify-secret S] [--woocommerce-secret S] [--generic-secret S] [--shopper-secret S]
//   loyalty-server --db ... shop-rotate --shop demo --secret NEW [--purpose shopper] [--grace-seconds 3600]
//   loyalty-server --help, loyalty-server shop-create --help: every option
//   loyalty-server sign --secret S --shop demo --customer C [--ttl 3600]
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "auth/crypto.h"
#include "auth/identity.h"
#include "loyalty/json_io.h"
#include "loyalty/referral_code.h"
#include "routes/routes.h"
#include "service/errors.h"
#include "service/json_body.h"
#include "service/log.h"
#include "service/notification_worker.h"
#include "service/services.h"
#include "storage/store.h"

using namespace loyalty::server;

namespace {

// Every option of every command; CLI11 refuses unknown flags and missing
// values with the usage, and takes --flag value and --flag=value alike.
struct Options {
  std::string db;
  // serve
  int port = 8080;
  std::string bind = "127.0.0.1";
  std::string static_dir;
  int threads = 64;
  int db_connections = 0;  // 0: the store's default
  std::int64_t max_body = 1 << 20;
  int keep_alive = 5, request_timeout = 30;
  std::int64_t tick_interval = 60;
  int redemptions_per_minute = 20, actions_per_minute = 10, exposures_per_minute = 60;
  std::int64_t delivery_interval_ms = 1000;
  DeliveryPolicy delivery;
  bool quiet = false;
  std::int64_t clock_offset = 0;
  // shop-create, shop-rotate, sign
  std::string shop, secret, api_key, program, shopify_domain, purpose, customer;
  std::map<SecretPurpose, std::string> purpose_secrets;
  std::vector<std::string> origins;
  std::int64_t grace_seconds = 3600, ttl = 3600;
};

struct Commands {
  CLI::App* migrate;
  CLI::App* create;
  CLI::App* rotate;
  CLI::App* sign;
};

Commands define(CLI::App& app, Options& o) {
  app.failure_message(CLI::FailureMessage::help);  // a refused command line shows the usage
  // An option given twice: the last one counts (scripts append overrides).
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.require_subcommand(0, 1);
  app.add_option("--db", o.db, "sqlite:PATH or postgres://user@host:port/db");
  app.add_option("--port", o.port, "port to listen on (0: any free one)")->check(CLI::Range(0, 65535))->capture_default_str();
  app.add_option("--bind", o.bind, "address to listen on")->capture_default_str();
  app.add_option("--static", o.static_dir, "serve this directory's files too");
  app.add_option("--threads", o.threads, "threads serving requests; idle connections hold none")->check(CLI::Range(1, 4096))->capture_default_str();
  app.add_option("--db-connections", o.db_connections, "connection pool size (default: PostgreSQL 2 per core + 2, SQLite threads + 4)")->check(CLI::Range(1, 4096));
  app.add_option("--max-body", o.max_body, "request body limit in bytes (413 beyond)")->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 30))->capture_default_str();
  app.add_option("--keep-alive-timeout", o.keep_alive, "seconds an idle connection stays open")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--request-timeout", o.request_timeout, "seconds a request's headers and body may take to arrive")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--tick-interval", o.tick_interval, "seconds between runs of the time-driven work; 0: off")->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--delivery-interval-ms", o.delivery_interval_ms, "milliseconds between passes of the notification deliveries; 0: off")->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--delivery-backoff-ms", o.delivery.base_ms, "wait after a failed delivery's first attempt, doubling after each further one")->check(CLI::Range(std::int64_t{1}, std::int64_t{86400000}))->capture_default_str();
  app.add_option("--delivery-backoff-cap-ms", o.delivery.cap_ms, "longest wait between two attempts")->check(CLI::Range(std::int64_t{1}, std::int64_t{86400000}))->capture_default_str();
  app.add_option("--delivery-max-attempts", o.delivery.max_attempts, "attempts before a delivery is dead (listed for replay)")->check(CLI::Range(1, 1000))->capture_default_str();
  app.add_option("--delivery-timeout-ms", o.delivery.timeout_ms, "one attempt's limit to connect and to answer")->check(CLI::Range(std::int64_t{100}, std::int64_t{300000}))->capture_default_str();
  app.add_option("--redemptions-per-minute", o.redemptions_per_minute, "per shop and customer; 0: off")->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--exposures-per-minute", o.exposures_per_minute, "experiment beacons per shop and client address; 0: off")->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--actions-per-minute", o.actions_per_minute, "self-claimed actions per shop and customer; 0: off")->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_flag("--quiet", o.quiet, "no access log");
  app.add_option("--clock-offset", o.clock_offset, "tests and demos only: seconds added to the server's clock");

  Commands c;
  c.migrate = app.add_subcommand("migrate", "run the migrations and exit");
  c.create = app.add_subcommand("shop-create", "create or update a shop");
  c.create->add_option("--shop", o.shop, "shop id")->required();
  c.create->add_option("--secret", o.secret, "the shop's secret: every purpose below without its own (\"\" signs nothing)");
  for (SecretPurpose p : kPurposes) {
    const std::string name = purpose_name(p);
    c.create->add_option("--" + name + "-secret", o.purpose_secrets[p],
                         p == SecretPurpose::Shopper ? "secret the shop's backend signs shoppers with"
                                                     : "secret " + name + " webhooks are signed with" +
                                                           (p == SecretPurpose::Shopify ? " (the app secret; app proxy too)" : ""));
  }
  c.create->add_option("--api-key", o.api_key, "merchant API key (stored hashed)")->required();
  c.create->add_option("--origin", o.origins, "a storefront origin allowed by CORS (repeatable)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  c.create->add_option("--program", o.program, "program JSON file, stored as the next version")->check(CLI::ExistingFile);
  c.create->add_option("--shopify-domain", o.shopify_domain, "the shop's x.myshopify.com domain (app-proxy requests must name it)");
  c.rotate = app.add_subcommand("shop-rotate", "rotate a secret; the previous one stays valid for the grace period");
  c.rotate->add_option("--shop", o.shop, "shop id")->required();
  c.rotate->add_option("--secret", o.secret, "the new secret")->required();
  c.rotate->add_option("--purpose", o.purpose, "shopify, woocommerce, generic or shopper (default: the shop's one secret)")
      ->check(CLI::IsMember({"shopify", "woocommerce", "generic", "shopper"}));
  c.rotate->add_option("--grace-seconds", o.grace_seconds, "how long the previous secret stays valid")->check(CLI::Range(0, 30 * 86400))->capture_default_str();
  c.sign = app.add_subcommand("sign", "print an X-Loyalty-Signature for a shopper");
  c.sign->add_option("--secret", o.secret, "the shop's shopper-signing secret")->required();
  c.sign->add_option("--shop", o.shop, "shop id")->required();
  c.sign->add_option("--customer", o.customer, "customer id")->required();
  c.sign->add_option("--ttl", o.ttl, "seconds the signature is valid")->check(CLI::Range(1, 366 * 86400))->capture_default_str();
  return c;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int shop_create(Store& store, const Options& o, bool secret_given) {
  ShopRecord s;
  s.id = o.shop;
  if (auto old = store.shops().shop(s.id)) s = *old;  // codes already handed out stay valid; unnamed secrets stay
  else s.code_seed = loyalty::hash64(s.id + ":" + random_hex(8)) & 0x7fffffffffffffffULL;
  if (secret_given) s.secrets = {o.secret, "", 0};
  s.own_secrets.clear();
  for (const auto& [p, secret] : o.purpose_secrets)
    if (!secret.empty()) s.own_secrets[p] = {secret, "", 0};
  s.api_key_hash = api_key_hash(o.api_key);
  s.origins = o.origins;
  s.shopify_domain = o.shopify_domain;
  store.shops().upsert_shop(s);
  std::cout << loyalty::dump({{"shop", s.id}, {"created", true}}) << "\n";
  if (!o.program.empty()) {
    Services services(store);
    auto shop = store.shops().shop(s.id);
    // The operator names the shop on the command line: it wins over the file's "shop".
    auto doc = loyalty::parse_json(read_file(o.program), "program");
    if (!doc.ok()) throw std::runtime_error(doc.error_text());
    if (doc.value.is_object()) doc.value["shop"] = s.id;
    Outcome out = services.merchants.put_program(*shop, loyalty::dump(doc.value), std::time(nullptr));
    std::cout << loyalty::server::dump(out.body) << "\n";
  }
  return 0;
}

int shop_rotate(Store& store, const Options& o) {
  const std::int64_t until = std::time(nullptr) + o.grace_seconds;
  SecretPurpose purpose;
  if (purpose_from_name(o.purpose, &purpose)) store.shops().rotate_secret(o.shop, purpose, o.secret, until);
  else store.shops().rotate_secret(o.shop, o.secret, until);
  std::cout << loyalty::dump({{"shop", o.shop}, {"rotated", true}, {"purpose", o.purpose.empty() ? "all" : o.purpose}}) << "\n";
  return 0;
}

// Serves until SIGTERM or SIGINT: the HTTP workers, the --tick-interval timer
// and one thread that waits for the signal; requests in flight finish.
int serve(Store& store, const Options& o) {
  // SIGTERM/SIGINT are handled by one thread with sigwait; block them everywhere else.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  ShopperLimits limits;
  limits.redemptions_per_minute = o.redemptions_per_minute;
  limits.actions_per_minute = o.actions_per_minute;
  limits.exposures_per_minute = o.exposures_per_minute;
  Services services(store, limits);
  HttpOptions ho;
  ho.bind = o.bind;
  ho.port = o.port;
  ho.static_dir = o.static_dir;
  ho.threads = o.threads;
  ho.max_body = static_cast<size_t>(o.max_body);
  ho.keep_alive_seconds = o.keep_alive;
  ho.request_seconds = o.request_timeout;
  ho.log_requests = !o.quiet;
  ho.clock_offset = o.clock_offset;
  HttpServer http(services, ho);
  NotificationWorker worker(store, o.delivery);
  DeliveryLoop deliveries(worker, o.delivery_interval_ms);

  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  const long long interval = o.tick_interval;
  std::thread timer([&] {
    if (interval <= 0) return;
    std::unique_lock<std::mutex> lock(mu);
    while (!cv.wait_for(lock, std::chrono::seconds(interval), [&] { return stopping; })) {
      lock.unlock();
      try {
        services.timer.tick_all(http.now());
      } catch (const std::exception& e) {
        log_error(std::string("tick: ") + e.what());
      }
      lock.lock();
    }
  });
  std::thread signals([&] {
    int sig = 0;
    sigwait(&set, &sig);
    std::cerr << loyalty::dump({{"msg", "shutting down"}, {"signal", sig}}) << std::endl;
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    cv.notify_all();
    deliveries.stop();
    http.stop();  // stops accepting; workers finish the requests in flight
  });
  const bool ok = http.run();
  if (!ok) {
    std::cerr << loyalty::dump({{"level", "error"}, {"msg", "cannot listen"}, {"port", ho.port}}) << std::endl;
    kill(getpid(), SIGTERM);
  }
  signals.join();
  timer.join();
  std::cerr << loyalty::dump({{"msg", "stopped"}}) << std::endl;
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"loyalty-server: webhooks in, ledger, shopper and merchant APIs (SQLite or PostgreSQL)", "loyalty-server"};
  Options o;
  const Commands cmd = define(app, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    if (cmd.sign->parsed()) {
      const std::int64_t expires = static_cast<std::int64_t>(std::time(nullptr)) + o.ttl;
      std::cout << sign_shopper(o.secret, o.shop, o.customer, expires) << "\n";
      return 0;
    }
    if (o.db.empty()) {
      std::cerr << "loyalty-server: --db is required\n" << app.help();
      return 2;
    }
    const std::string& db = o.db;
    const bool pg = db.rfind("postgres", 0) == 0;
    const int threads = o.threads;
    // PostgreSQL: each connection is a backend process competing for the same cores, so
    // the pool follows the cores (2 per core + 2), not the HTTP threads: on 2 cores, 6
    // connections gave /me p99 10 ms at 1,000 req/s where 32 gave 56-97 ms (BENCHMARKS.md).
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    Store store(db, static_cast<size_t>(o.db_connections > 0 ? o.db_connections : pg ? 2 * cores + 2 : threads + 4));
    store.migrate();
    if (cmd.migrate->parsed()) return 0;
    if (cmd.create->parsed()) return shop_create(store, o, cmd.create->count("--secret") > 0);
    if (cmd.rotate->parsed()) return shop_rotate(store, o);
    return serve(store, o);
  } catch (const ApiError& e) {
    std::cerr << loyalty::dump({{"error", e.what()}, {"field", e.field}, {"errors", loyalty::errors_json(e.details)}}) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "loyalty-server: " << e.what() << "\n";
    return 2;
  }
}
