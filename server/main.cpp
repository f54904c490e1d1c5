// loyalty-server: serve, provision shops, sign shopper identities.
//   loyalty-server --db sqlite:loyalty.db --port 8080 [--static demo/] [--bind 127.0.0.1]
//   loyalty-server --db ... shop-create --shop demo --secret S --api-key K --origin http://localhost:8080 --program P.json
//   loyalty-server --db ... shop-rotate --shop demo --secret NEW [--grace-seconds 3600]
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

#include "auth/crypto.h"
#include "auth/identity.h"
#include "loyalty/json_io.h"
#include "loyalty/referral_code.h"
#include "routes/routes.h"
#include "service/errors.h"
#include "service/service.h"
#include "storage/store.h"

using namespace loyalty::server;

namespace {

const char* kUsage = R"(usage:
  loyalty-server --db sqlite:PATH|postgres://... [--port 8080] [--bind 127.0.0.1] [--static DIR]
                 [--threads 64] [--db-connections N] [--max-body BYTES] [--keep-alive-timeout SECONDS] [--request-timeout SECONDS] [--tick-interval SECONDS]
                 [--redemptions-per-minute 20] [--actions-per-minute 10] [--quiet] [--clock-offset SECONDS]
  loyalty-server --db ... migrate
  loyalty-server --db ... shop-create --shop ID --secret S --api-key K [--origin URL]... [--program FILE]
  loyalty-server --db ... shop-rotate --shop ID --secret NEW [--grace-seconds 3600]
  loyalty-server sign --secret S --shop ID --customer C [--ttl 3600]
)";

struct Args {
  std::string command = "serve";
  std::map<std::string, std::string> opts;
  std::vector<std::string> origins;
  bool quiet = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--quiet") { a.quiet = true; continue; }
    if (s == "-h" || s == "--help") { std::cout << kUsage; std::exit(0); }
    if (s.rfind("--", 0) == 0) {
      if (i + 1 >= argc) throw std::runtime_error(s + " needs a value");
      std::string v = argv[++i];
      if (s == "--origin") a.origins.push_back(v);
      else a.opts[s.substr(2)] = v;
      continue;
    }
    a.command = s;
  }
  return a;
}

std::string need(const Args& a, const std::string& k) {
  auto it = a.opts.find(k);
  if (it == a.opts.end() || it->second.empty()) throw std::runtime_error("--" + k + " is required\n" + kUsage);
  return it->second;
}

std::string opt(const Args& a, const std::string& k, const std::string& fallback) {
  auto it = a.opts.find(k);
  return it == a.opts.end() ? fallback : it->second;
}

long long num(const Args& a, const std::string& k, long long fallback) {
  auto it = a.opts.find(k);
  if (it == a.opts.end()) return fallback;
  size_t used = 0;
  long long v = std::stoll(it->second, &used);
  if (used != it->second.size()) throw std::runtime_error("--" + k + " must be a number");
  return v;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int shop_create(Store& store, const Args& a) {
  ShopRecord s;
  s.id = need(a, "shop");
  s.secrets.secret = opt(a, "secret", "");
  s.api_key_hash = api_key_hash(need(a, "api-key"));
  s.origins = a.origins;
  s.code_seed = loyalty::hash64(s.id + ":" + random_hex(8)) & 0x7fffffffffffffffULL;
  if (auto old = store.shop(s.id)) s.code_seed = old->code_seed;  // codes already handed out stay valid
  store.upsert_shop(s);
  std::cout << loyalty::dump({{"shop", s.id}, {"created", true}}) << "\n";
  if (a.opts.count("program")) {
    ServiceOptions so;
    Service service(store, so);
    auto shop = store.shop(s.id);
    // The operator names the shop on the command line: it wins over the file's "shop".
    auto doc = loyalty::parse_json(read_file(a.opts.at("program")), "program");
    if (!doc.ok()) throw std::runtime_error(doc.error_text());
    if (doc.value.is_object()) doc.value["shop"] = s.id;
    Outcome o = service.put_program(*shop, loyalty::dump(doc.value), std::time(nullptr));
    std::cout << loyalty::dump(o.body) << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  try {
    a = parse_args(argc, argv);
    if (a.command == "sign") {
      const std::int64_t expires = static_cast<std::int64_t>(std::time(nullptr)) + num(a, "ttl", 3600);
      std::cout << sign_shopper(need(a, "secret"), need(a, "shop"), need(a, "customer"), expires) << "\n";
      return 0;
    }
    const std::string db = need(a, "db");
    const bool pg = db.rfind("postgres", 0) == 0;
    const int threads = static_cast<int>(num(a, "threads", 64));
    // PostgreSQL: each connection is a backend process competing for the same cores, so
    // the pool follows the cores (2 per core + 2), not the HTTP threads: on 2 cores, 6
    // connections gave /me p99 10 ms at 1,000 req/s where 32 gave 56-97 ms (BENCHMARKS.md).
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    Store store(db, static_cast<size_t>(num(a, "db-connections", pg ? 2 * cores + 2 : threads + 4)));
    store.migrate();
    if (a.command == "migrate") return 0;
    if (a.command == "shop-create") return shop_create(store, a);
    if (a.command == "shop-rotate") {
      store.rotate_secret(need(a, "shop"), need(a, "secret"), std::time(nullptr) + num(a, "grace-seconds", 3600));
      std::cout << loyalty::dump({{"shop", need(a, "shop")}, {"rotated", true}}) << "\n";
      return 0;
    }
    if (a.command != "serve") throw std::runtime_error("unknown command '" + a.command + "'\n" + kUsage);

    // SIGTERM/SIGINT are handled by one thread with sigwait; block them everywhere else.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);

    ServiceOptions so;
    so.redemptions_per_minute = static_cast<int>(num(a, "redemptions-per-minute", 20));
    so.actions_per_minute = static_cast<int>(num(a, "actions-per-minute", 10));
    Service service(store, so);
    HttpOptions ho;
    ho.bind = opt(a, "bind", "127.0.0.1");
    ho.port = static_cast<int>(num(a, "port", 8080));
    ho.static_dir = opt(a, "static", "");
    ho.threads = threads;
    ho.max_body = static_cast<size_t>(num(a, "max-body", 1 << 20));
    ho.keep_alive_seconds = static_cast<int>(num(a, "keep-alive-timeout", 5));
    ho.request_seconds = static_cast<int>(num(a, "request-timeout", 30));
    ho.log_requests = !a.quiet;
    ho.clock_offset = num(a, "clock-offset", 0);
    HttpServer http(service, ho);

    std::mutex mu;
    std::condition_variable cv;
    bool stopping = false;
    const long long interval = num(a, "tick-interval", 60);
    std::thread timer([&] {
      if (interval <= 0) return;
      std::unique_lock<std::mutex> lock(mu);
      while (!cv.wait_for(lock, std::chrono::seconds(interval), [&] { return stopping; })) {
        lock.unlock();
        try {
          for (const auto& shop : store.shop_ids())
            for (int round = 0; round < 100; ++round) {
              auto r = service.tick(shop, http.now(), 1000);
              if (r["due"].get<std::int64_t>() < 1000) break;
            }
        } catch (const std::exception& e) {
          std::cerr << loyalty::dump({{"level", "error"}, {"msg", std::string("tick: ") + e.what()}}) << std::endl;
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
  } catch (const ApiError& e) {
    std::cerr << loyalty::dump({{"error", e.what()}, {"field", e.field}, {"errors", loyalty::errors_json(e.details)}}) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "loyalty-server: " << e.what() << "\n";
    return 2;
  }
}
