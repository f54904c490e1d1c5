// Server benchmark helper (no HTTP): generates signed bodies and shopper
// signatures for wrk, seeds a store with bulk SQL, and measures the raw rate
// of the webhook transaction and of the state call through the service layer.
//   server_bench_raw gen-webhooks --secret S --count N --customers C --prefix P > bodies.tsv
//   server_bench_raw gen-shoppers --secret S --shop X --customers C --count N > shoppers.tsv
//   server_bench_raw raw-webhooks --db URL --shop X --bodies bodies.tsv [--threads N]
//   server_bench_raw raw-me --db URL --shop X --customers C --count N
//   server_bench_raw seed --db URL --shop X --customers 1000000 --entries 10000000
//   server_bench_raw history --db URL --shop X --sizes 10,100,1000,10000 --count 200
//     (one customer per size with that many entries; the state call's time for each)
//   server_bench_raw noise --seconds 5
//     (the machine's own pauses: one spinning thread per core counts the gaps between
//     consecutive clock reads, i.e. how often and how long a running thread loses its
//     core; a floor under any latency percentile measured here)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "auth/crypto.h"
#include "auth/identity.h"
#include "loyalty/json_io.h"
#include "service/json_body.h"
#include "service/services.h"
#include "storage/store.h"

using namespace loyalty::server;
using SteadyClock = std::chrono::steady_clock;  // not Clock: server/auth/guard.h names its clock so

namespace {

std::map<std::string, std::string> opts(int argc, char** argv) {
  std::map<std::string, std::string> o;
  for (int i = 2; i + 1 < argc; i += 2) o[std::string(argv[i]).substr(2)] = argv[i + 1];
  return o;
}

long long num(std::map<std::string, std::string>& o, const char* k, long long d) {
  return o.count(k) ? std::stoll(o[k]) : d;
}

std::string cid(long long n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "c%07lld", n);
  return buf;
}

double pct(std::vector<double>& v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

using Options = std::map<std::string, std::string>;

// gen-webhooks: signed order_paid bodies for wrk, one "signature<TAB>body" a line.
int gen_webhooks(Options& o, std::int64_t now) {
  const long long n = num(o, "count", 100000), customers = num(o, "customers", 10000);
  const std::string prefix = o.count("prefix") ? o["prefix"] : "b";
  for (long long i = 0; i < n; ++i) {
    nlohmann::json ev = {{"customer", cid(i % customers + 1)}, {"id", prefix + "-" + std::to_string(i)}, {"type", "order_paid"},
                         {"at", now - 60},
                         {"order", {{"id", prefix + "-" + std::to_string(i)}, {"currency", "USD"},
                                    {"lines", nlohmann::json::array({{{"id", "1"}, {"product_id", "p" + std::to_string(i % 50)},
                                                                      {"quantity", 1 + i % 3}, {"unit_price", 1999 + i % 500}}})}}}};
    const std::string body = ev.dump();
    std::cout << to_hex(hmac_sha256(o["secret"], body)) << '\t' << body << '\n';
  }
  return 0;
}

// gen-shoppers: "customer<TAB>shopper signature" lines for wrk's state calls.
int gen_shoppers(Options& o, std::int64_t now) {
  const long long customers = num(o, "customers", 10000), n = num(o, "count", 10000);
  std::mt19937_64 rng(42);
  for (long long i = 0; i < n; ++i) {
    const std::string c = cid(static_cast<long long>(rng() % static_cast<unsigned long long>(customers)) + 1);
    std::cout << c << '\t' << sign_shopper(o["secret"], o["shop"], c, now + 86400) << '\n';
  }
  return 0;
}

// noise: how often and how long a spinning thread loses its core.
int noise(Options& o) {
  const auto span = std::chrono::seconds(num(o, "seconds", 5));
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  struct Gaps { long over1 = 0, over2 = 0, over5 = 0; double max_ms = 0; };
  std::vector<Gaps> gaps(cores);
  std::vector<std::thread> spinners;
  for (unsigned i = 0; i < cores; ++i)
    spinners.emplace_back([&, i] {
      const auto start = SteadyClock::now();
      auto prev = start;
      for (auto t = prev; t - start < span; prev = t) {
        t = SteadyClock::now();
        const double ms = std::chrono::duration<double, std::milli>(t - prev).count();
        gaps[i].over1 += ms > 1;
        gaps[i].over2 += ms > 2;
        gaps[i].over5 += ms > 5;
        gaps[i].max_ms = std::max(gaps[i].max_ms, ms);
      }
    });
  for (auto& t : spinners) t.join();
  const double secs = static_cast<double>(span.count());
  for (unsigned i = 0; i < cores; ++i)
    std::printf("noise: spinner %u of %u lost its core for >1 ms %.1f/s, >2 ms %.1f/s, >5 ms %.1f/s; longest %.2f ms\n", i + 1,
                cores, gaps[i].over1 / secs, gaps[i].over2 / secs, gaps[i].over5 / secs, gaps[i].max_ms);
  return 0;
}

// seed: customers and ledger entries in bulk SQL, timed.
int seed(Store& store, Options& o, std::int64_t now) {
  const long long customers = num(o, "customers", 1000000), entries = num(o, "entries", 10000000);
  const std::string shop = o["shop"];
  auto c = store.conn();
  const bool pg = std::string(c->name()) == "postgres";
  const auto t0 = SteadyClock::now();
  if (!pg) c->script("PRAGMA cache_size=-2000000; PRAGMA synchronous=OFF;");
  // Customers c0000001..: ids zero-padded so string order is numeric order.
  const std::string cust_id = pg ? "'c' || lpad(i::text, 7, '0')" : "'c' || printf('%07d', i)";
  const std::string series_c = pg ? "generate_series(1, ?) AS s(i)" : "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?) SELECT i FROM s)";
  in_write_tx(*c, [&] {
    c->exec("INSERT INTO customers (shop, id, profile, referral_code, created_at, next_check_at) SELECT ?, " + cust_id +
                ", '{\"id\":\"' || " + cust_id + " || '\"}', '', ?, ? FROM " + series_c,
            {shop, now - 400 * 86400, now + 365 * 86400, static_cast<std::int64_t>(customers)});
  });
  std::cerr << "customers: " << std::chrono::duration<double>(SteadyClock::now() - t0).count() << " s\n";
  // Entries round-robin over customers (entry i belongs to customer i % C + 1), so one
  // customer's history is spread through the table as it is in a live shop.
  const std::string owner = pg ? "'c' || lpad((i % " + std::to_string(customers) + " + 1)::text, 7, '0')"
                               : "'c' || printf('%07d', i % " + std::to_string(customers) + " + 1)";
  const std::string at = std::to_string(now - 365 * 86400) + " + i / " + std::to_string(std::max(1LL, entries / (360LL * 86400)) );
  const long long batch = 1000000;
  for (long long from = 0; from < entries; from += batch) {
    const long long to = std::min(entries, from + batch) - 1;
    const std::string series = pg ? "generate_series(" + std::to_string(from) + ", " + std::to_string(to) + ") AS s(i)"
                                  : "(WITH RECURSIVE s(i) AS (SELECT " + std::to_string(from) + " UNION ALL SELECT i + 1 FROM s WHERE i < " +
                                        std::to_string(to) + ") SELECT i FROM s)";
    const std::string iso = pg ? "to_char(to_timestamp(" + at + ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                               : "strftime('%Y-%m-%dT%H:%M:%SZ', " + at + ", 'unixepoch')";
    const std::string oid = "'s' || i";
    in_write_tx(*c, [&] {
      c->exec("INSERT INTO ledger (shop, customer, key, event_id, type, at, points, pending, value, program_version, order_id, "
              "reward_id, tier, body) SELECT ?, " + owner + ", 'earn:' || " + oid + ", " + oid + ", 'earn', " + at +
                  ", 10, 0, 0, 1, " + oid + ", '', '', "
                  "'{\"key\":\"earn:' || " + oid + " || '\",\"event_id\":\"' || " + oid + " || '\",\"type\":\"earn\",\"at\":\"' || " + iso +
                  " || '\",\"points\":10,\"program_version\":1,\"order_id\":\"' || " + oid +
                  " || '\",\"order_eligible\":1000,\"order_points\":10,\"spend\":1000,\"tier_points\":10,\"lines\":[]}' FROM " + series,
              {shop});
    });
    std::cerr << "entries to " << to + 1 << ": " << std::chrono::duration<double>(SteadyClock::now() - t0).count() << " s\n";
  }
  if (pg) {
    // After a bulk load, as an operator would: otherwise autovacuum (which PostgreSQL 13+
    // also starts after many inserts) works through the 10M-row table during the runs.
    c->script("VACUUM ANALYZE customers");
    c->script("VACUUM ANALYZE ledger");
  }
  else c->script("ANALYZE;");
  std::cerr << "seeded in " << std::chrono::duration<double>(SteadyClock::now() - t0).count() << " s\n";
  return 0;
}

// raw-webhooks: the webhook transaction's rate without HTTP, on --threads callers.
int raw_webhooks(Services& services, const ShopRecord* shop, Options& o, std::int64_t now) {
  // The same work as POST /webhooks/generic: verify the raw body, then the service's transaction.
  std::ifstream in(o["bodies"]);
  std::vector<std::pair<std::string, std::string>> items;
  for (std::string line; std::getline(in, line);) {
    auto tab = line.find('\t');
    items.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  const long long n = std::min<long long>(num(o, "count", static_cast<long long>(items.size())), static_cast<long long>(items.size()));
  // --threads N: N callers at once (as wrk's connections are), each taking every N-th body.
  const int threads = static_cast<int>(std::max(1LL, num(o, "threads", 1)));
  const auto t0 = SteadyClock::now();
  std::atomic<long long> applied{0};
  std::atomic<bool> bad_signature{false};
  std::vector<std::thread> callers;
  for (int t = 0; t < threads; ++t)
    callers.emplace_back([&, t] {
      for (long long i = t; i < n; i += threads) {
        if (!verify_body_signature(shop->secrets, items[i].second, items[i].first, now, SignatureEncoding::HexOrBase64)) {
          bad_signature = true;
          return;
        }
        auto r = services.webhooks.webhook(*shop, WebhookSource::Generic, "event", "", items[i].second, now);
        applied += r.body["status"] == "applied";
      }
    });
  for (auto& c : callers) c.join();
  if (bad_signature) return 3;
  const double secs = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  std::printf("raw webhook transactions, %d thread%s: %lld in %.2f s = %.0f/s (applied %lld)\n", threads, threads == 1 ? "" : "s", n,
              secs, static_cast<double>(n) / secs, applied.load());
  return 0;
}

// raw-me: the state call's rate and latency without HTTP, over random customers.
int raw_me(Services& services, const ShopRecord* shop, Options& o, std::int64_t now) {
  const long long customers = num(o, "customers", 10000), n = num(o, "count", 20000);
  std::mt19937_64 rng(7);
  std::vector<double> ms;
  const auto t0 = SteadyClock::now();
  for (long long i = 0; i < n; ++i) {
    const auto a = SteadyClock::now();
    auto j = services.shoppers.view.state(*shop, cid(static_cast<long long>(rng() % static_cast<unsigned long long>(customers)) + 1), now);
    (void)loyalty::server::dump(j);
    ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - a).count());
  }
  const double secs = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  std::printf("raw state calls: %lld in %.2f s = %.0f/s, p50 %.3f ms, p99 %.3f ms\n", n, secs, static_cast<double>(n) / secs,
              pct(ms, 0.50), pct(ms, 0.99));
  return 0;
}

int history(Store& store, Services& services, const ShopRecord* shop, Options& o, std::int64_t now) {
  // How the state call grows with one customer's history: a customer with N orders
  // (one a day or more often, over the last year), N per --sizes, timed --count times.
  const long long n = num(o, "count", 200);
  std::string sizes = o.count("sizes") ? o["sizes"] : "10,100,1000,10000";
  for (size_t at = 0; at < sizes.size();) {
    size_t comma = sizes.find(',', at);
    if (comma == std::string::npos) comma = sizes.size();
    const long long entries = std::stoll(sizes.substr(at, comma - at));
    at = comma + 1;
    const std::string who = "history-" + std::to_string(entries);
    {
      auto c = store.conn();
      if (!store.customers().exists(*c, shop->id, who)) {
        in_write_tx(*c, [&] {
          store.customers().lock(*c, shop->id, who, "", now - 400 * 86400);
          std::vector<loyalty::LedgerEntry> es;
          for (long long i = 0; i < entries; ++i) {
            loyalty::LedgerEntry e;
            loyalty::EarnEntry b;
            b.order_id = who + "-o" + std::to_string(i);
            b.order_eligible = loyalty::Money{1000};
            b.order_points = loyalty::Points{10};
            b.lines.push_back({"1", 1, loyalty::Money{1000}});
            e.key = "earn:" + b.order_id;
            e.event_id = b.order_id;
            e.body = std::move(b);
            e.at = now - 365 * 86400 + i * (360LL * 86400 / entries);
            e.points = loyalty::Points{10};
            e.tier_points = loyalty::Points{10};
            e.spend = loyalty::Money{1000};
            e.program_version = 1;
            es.push_back(std::move(e));
          }
          store.customers().insert_entries(*c, shop->id, who, es);
        });
      }
    }
    std::vector<double> ms;
    for (long long i = 0; i < n; ++i) {
      const auto a = SteadyClock::now();
      auto j = services.shoppers.view.state(*shop, who, now);
      (void)loyalty::server::dump(j);
      ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - a).count());
    }
    const double first = ms.front();  // nothing of this customer cached yet in this process: every row parsed
    std::printf("state call, one customer with %lld entries: first call %.3f ms, then %lld calls p50 %.3f ms, p99 %.3f ms\n",
                entries, first, n, pct(ms, 0.50), pct(ms, 0.99));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: server_bench_raw gen-webhooks|gen-shoppers|raw-webhooks|raw-me|seed|history|noise --opt value...\n";
    return 2;
  }
  const std::string cmd = argv[1];
  auto o = opts(argc, argv);
  const std::int64_t now = std::time(nullptr);
  if (cmd == "gen-webhooks") return gen_webhooks(o, now);
  if (cmd == "gen-shoppers") return gen_shoppers(o, now);
  if (cmd == "noise") return noise(o);

  Store store(o["db"], static_cast<size_t>(std::max(8LL, num(o, "threads", 1) + 2)));
  store.migrate();
  if (cmd == "seed") return seed(store, o, now);

  Services services(store);
  auto shop = store.shops().shop(o["shop"]);
  if (!shop) {
    std::cerr << "no shop " << o["shop"] << "\n";
    return 1;
  }
  if (cmd == "raw-webhooks") return raw_webhooks(services, &*shop, o, now);
  if (cmd == "raw-me") return raw_me(services, &*shop, o, now);
  if (cmd == "history") return history(store, services, &*shop, o, now);
  std::cerr << "unknown command " << cmd << "\n";
  return 2;
}
