#!/usr/bin/env bash
# Server benchmarks for BENCHMARKS.md ("## Server"); not part of the test step.
#   bash tests/bench/server_bench.sh webhooks sqlite
#   bash tests/server/pg.sh bash tests/bench/server_bench.sh webhooks postgres
#   bash tests/bench/server_bench.sh me sqlite        # seeds 1,000,000 customers / 10,000,000 entries once
#   bash tests/server/pg.sh bash tests/bench/server_bench.sh me postgres
# Env: BUILD (build dir, default build), RUNS (3; medians reported), DURATION (wrk seconds, 10),
#      BENCH_DIR (/tmp/loyalty-bench), CUSTOMERS (1000000), ENTRIES (10000000).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
BIN=$BUILD/server/loyalty-server
RAW=$BUILD/server/server_bench_raw
WORK=${BENCH_DIR:-/tmp/loyalty-bench}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CUSTOMERS=${CUSTOMERS:-1000000}
ENTRIES=${ENTRIES:-10000000}
PROGRAM=tests/server/fixtures/program.json
mkdir -p "$WORK"
what=${1:?webhooks|me}
store=${2:?sqlite|postgres}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
# wrk --latency percentile line ("     99%    3.21ms") in milliseconds.
pct_ms() { awk -v p="$1%" '$1 == p { v=$2; u=v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
  if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000; print v }'; }
rps() { awk '/^Requests\/sec/ {print $2}'; }

db_for() {  # db_for NAME: a fresh database URL
  if [ "$store" = sqlite ]; then rm -f "$WORK/$1.db" "$WORK/$1.db-wal" "$WORK/$1.db-shm"; echo "sqlite:$WORK/$1.db"
  else echo "${LOYALTY_TEST_PG:?run under tests/server/pg.sh}"; fi
}

start_server() {  # start_server DB PORT
  "$BIN" --db "$1" --port "$2" --quiet --tick-interval 0 --redemptions-per-minute 0 --actions-per-minute 0 2>"$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return 0; sleep 0.05; done
  cat "$WORK/server.log" >&2; return 1
}
stop_server() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; }

if [ "$what" = webhooks ]; then
  rates=(); raws=()
  for run in $(seq 1 "$RUNS"); do
    shop="wh$run$RANDOM"; db=$(db_for "webhooks")
    "$BIN" --db "$db" shop-create --shop "$shop" --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null
    "$RAW" gen-webhooks --secret bench-secret --count 150000 --customers 10000 --prefix "h$run" >"$WORK/bodies.tsv"
    port=$(free_port); start_server "$db" "$port"
    out=$(BENCH_BODIES="$WORK/bodies.tsv" BENCH_PATH="/webhooks/generic/$shop" BENCH_THREADS=2 \
          wrk -t2 -c16 -d"${DURATION}s" -s tests/bench/server_webhooks.lua "http://127.0.0.1:$port")
    stop_server
    echo "$out" | grep -E 'Requests/sec|Non-2xx|Socket errors' >&2 || true
    rates+=("$(echo "$out" | rps)")
    if [ "$store" = sqlite ]; then
      # The same transaction without HTTP: verify + service.webhook, one after another, fresh DB.
      rdb=$(db_for "raw")
      "$BIN" --db "$rdb" shop-create --shop "$shop" --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null
      "$RAW" gen-webhooks --secret bench-secret --count 20000 --customers 10000 --prefix "r$run" >"$WORK/raw.tsv"
      line=$("$RAW" raw-webhooks --db "$rdb" --shop "$shop" --bodies "$WORK/raw.tsv")
      echo "$line" >&2
      raws+=("$(echo "$line" | sed -E 's/.*= ([0-9.]+)\/s.*/\1/')")
    fi
  done
  http=$(printf '%s\n' "${rates[@]}" | median)
  echo "RESULT $store signed webhooks over HTTP (wrk -t2 -c16 -d${DURATION}s, median of $RUNS): $http/s"
  if [ "$store" = sqlite ]; then
    raw=$(printf '%s\n' "${raws[@]}" | median)
    echo "RESULT $store same transaction without HTTP (median of $RUNS): $raw/s; HTTP/raw = $(awk -v a="$http" -v b="$raw" 'BEGIN {printf "%.0f%%", 100*a/b}')"
  fi
  exit 0
fi

if [ "$what" = me ]; then
  if [ "$store" = sqlite ]; then
    db="sqlite:$WORK/seeded.db"
    if [ ! -f "$WORK/seeded.db" ] || [ ! -f "$WORK/seeded.ok" ]; then
      rm -f "$WORK"/seeded.db*
      "$BIN" --db "$db" shop-create --shop bench --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null
      "$RAW" seed --db "$db" --shop bench --customers "$CUSTOMERS" --entries "$ENTRIES"
      touch "$WORK/seeded.ok"
    fi
  else
    db=$LOYALTY_TEST_PG
    "$BIN" --db "$db" shop-create --shop bench --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null
    "$RAW" seed --db "$db" --shop bench --customers "$CUSTOMERS" --entries "$ENTRIES"
  fi
  "$RAW" gen-shoppers --secret bench-secret --shop bench --customers "$CUSTOMERS" --count 50000 >"$WORK/shoppers.tsv"
  "$RAW" raw-me --db "$db" --shop bench --customers "$CUSTOMERS" --count 20000 >&2
  port=$(free_port); start_server "$db" "$port"
  export BENCH_SHOPPERS="$WORK/shoppers.tsv" BENCH_PATH="/api/v1/shops/bench/me"
  BENCH_DELAY_MS=0 wrk -t2 -c100 -d5s -s tests/bench/server_me.lua "http://127.0.0.1:$port" >/dev/null  # warm the caches
  p50s=(); p99s=(); sat=(); fp50=(); fp99=(); frate=()
  for run in $(seq 1 "$RUNS"); do
    out=$(BENCH_DELAY_MS=0 wrk -t2 -c100 -d"${DURATION}s" --latency -s tests/bench/server_me.lua "http://127.0.0.1:$port")
    sat+=("$(echo "$out" | rps)"); p50s+=("$(echo "$out" | pct_ms 50)"); p99s+=("$(echo "$out" | pct_ms 99)")
    out=$(BENCH_DELAY_MS=100 wrk -t2 -c100 -d"${DURATION}s" --latency -s tests/bench/server_me.lua "http://127.0.0.1:$port")
    frate+=("$(echo "$out" | rps)"); fp50+=("$(echo "$out" | pct_ms 50)"); fp99+=("$(echo "$out" | pct_ms 99)")
    echo "run $run: saturated ${sat[-1]}/s p50 ${p50s[-1]} ms p99 ${p99s[-1]} ms; paced ${frate[-1]}/s p50 ${fp50[-1]} ms p99 ${fp99[-1]} ms" >&2
  done
  stop_server
  echo "RESULT $store GET /me, $CUSTOMERS customers / $ENTRIES entries, 100 connections, saturated (closed loop, median of $RUNS): $(printf '%s\n' "${sat[@]}" | median)/s, p50 $(printf '%s\n' "${p50s[@]}" | median) ms, p99 $(printf '%s\n' "${p99s[@]}" | median) ms"
  echo "RESULT $store GET /me, same, 100 connections each pausing 100 ms (median of $RUNS): $(printf '%s\n' "${frate[@]}" | median)/s, p50 $(printf '%s\n' "${fp50[@]}" | median) ms, p99 $(printf '%s\n' "${fp99[@]}" | median) ms"
  exit 0
fi
echo "unknown benchmark $what" >&2; exit 2
