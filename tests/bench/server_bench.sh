#!/usr/bin/env bash
# Server benchmarks for BENCHMARKS.md ("## Server"); not part of the test step.
#   bash tests/bench/server_bench.sh webhooks sqlite
#   bash tests/server/pg.sh bash tests/bench/server_bench.sh webhooks postgres
#   bash tests/bench/server_bench.sh me sqlite        # seeds 1,000,000 customers / 10,000,000 entries once
#   bash tests/server/pg.sh bash tests/bench/server_bench.sh me postgres
#   bash tests/bench/server_bench.sh history sqlite   # state call vs one customer's history length
# Env: BUILD (build dir, default build), SERVER_ARGS (extra server options), RUNS (3; medians reported), DURATION (wrk seconds, 10),
#      BENCH_DIR (/tmp/loyalty-bench), CUSTOMERS (1000000), ENTRIES (10000000),
#      PACES ("100 25": /me pauses per connection in ms, each run after the saturated one),
#      STAGGER (50: paced connections per wrk thread whose first pause is random, see server_me.lua; 0 = all in step),
#      NICE (unset; e.g. -10: run the server, wrk and the raw loops at that priority, to keep
#      other jobs on a shared machine from preempting them; say so when quoting figures),
#      WARM (1: read the SQLite file once first so it is in the page cache; 0: leave the cache as it is),
#      PIN (1: the server on the last core, wrk on the others, with taskset: the load generator
#      off the server's core, as a client on another machine would be; client: only wrk pinned,
#      the server and PostgreSQL free on every core. Said in every RESULT line),
#      LOCK (1: hold the SQLite file, or PostgreSQL's data directory, in the page cache with
#      `vmtouch -l` during the runs; these machines page out file pages unused for ~60 s (DAMON), so
#      a uniformly random million customers keep missing it; a database server keeps its working
#      set in RAM. Said in every RESULT line).
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

prio() { if [ -n "${NICE:-}" ]; then nice -n "$NICE" "$@"; else "$@"; fi; }
LAST_CPU=$(( $(nproc) - 1 ))
pinned() { [ "${PIN:-0}" = 1 ] && [ "$LAST_CPU" -gt 0 ]; }
client_pinned() { { [ "${PIN:-0}" = 1 ] || [ "${PIN:-0}" = client ]; } && [ "$LAST_CPU" -gt 0 ]; }
# wrk: at the chosen priority, and off the last core with PIN=1 or PIN=client.
client() { if client_pinned; then prio taskset -c "0-$((LAST_CPU - 1))" "$@"; else prio "$@"; fi; }
# PostgreSQL: the postmaster (and so every backend it forks from now on) at the same
# priority, and with PIN=1 on the server's core (the database is the server's side).
pg_prio() {
  [ "$store" = postgres ] || return 0
  local dir pid; dir=$(psql "$LOYALTY_TEST_PG" -Atc 'SHOW data_directory'); pid=$(head -1 "$dir/postmaster.pid")
  if [ -n "${NICE:-}" ]; then renice -n "$NICE" -p "$pid" $(pgrep -P "$pid") >/dev/null; fi
  if pinned; then for p in "$pid" $(pgrep -P "$pid"); do taskset -pc "$LAST_CPU" "$p" >/dev/null; done; fi
}
NOTE=""
if [ -n "${NICE:-}" ]; then NOTE=" (server, wrk$([ "$store" = postgres ] && echo " and PostgreSQL" || true) at nice $NICE)"; fi
if pinned; then NOTE+=" (server$([ "$store" = postgres ] && echo " and PostgreSQL" || true) pinned to core $LAST_CPU, wrk to the others)"; fi
if [ "${PIN:-0}" = client ]; then NOTE+=" (wrk pinned to cores 0-$((LAST_CPU - 1)), the server free)"; fi
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
  # Not through prio (a shell function): backgrounded, $! would be its subshell, not the server.
  local args=("$BIN" --db "$1" --port "$2" --quiet --tick-interval 0 --redemptions-per-minute 0 --actions-per-minute 0)
  # SERVER_ARGS: extra server options for an experiment (e.g. "--db-connections 6"), printed with the results.
  if [ -n "${SERVER_ARGS:-}" ]; then read -r -a extra <<<"$SERVER_ARGS"; args+=("${extra[@]}"); echo "server options: ${args[*]:1}" >&2; fi
  if pinned; then args=(taskset -c "$LAST_CPU" "${args[@]}"); fi
  if [ -n "${NICE:-}" ]; then nice -n "$NICE" "${args[@]}" 2>"$WORK/server.log" & else "${args[@]}" 2>"$WORK/server.log" & fi
  SERVER_PID=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return 0; sleep 0.05; done
  cat "$WORK/server.log" >&2; return 1
}
# The server's disk reads (KB; page-cache misses) and CPU time (ticks of 10 ms) so far.
disk_read_kb() { awk '/^read_bytes/ {print int($2 / 1024)}' "/proc/$SERVER_PID/io"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
machine_read_kb() { awk '$1 == "pgpgin" {print $2}' /proc/vmstat; }  # every process, PostgreSQL's included
stop_server() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; }

# raw_webhooks_rate THREADS: the raw loop over $WORK/raw.tsv for $shop on a fresh DB; prints the rate.
raw_webhooks_rate() {
  local rdb line
  rdb=$(db_for "raw$1")
  "$BIN" --db "$rdb" shop-create --shop "$shop" --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null
  line=$(prio "$RAW" raw-webhooks --db "$rdb" --shop "$shop" --bodies "$WORK/raw.tsv" --threads "$1")
  echo "$line" >&2
  echo "$line" | sed -E 's/.*= ([0-9.]+)\/s.*/\1/'
}

pg_prio
if [ "$what" = webhooks ]; then
  rates=(); raws=(); raws16=()
  for run in $(seq 1 "$RUNS"); do
    shop="wh$run$RANDOM"; db=$(db_for "webhooks")
    "$BIN" --db "$db" shop-create --shop "$shop" --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null
    "$RAW" gen-webhooks --secret bench-secret --count 150000 --customers 10000 --prefix "h$run" >"$WORK/bodies.tsv"
    port=$(free_port); start_server "$db" "$port"
    out=$(BENCH_BODIES="$WORK/bodies.tsv" BENCH_PATH="/webhooks/generic/$shop" BENCH_THREADS=2 \
          client wrk -t2 -c16 -d"${DURATION}s" -s tests/bench/server_webhooks.lua "http://127.0.0.1:$port")
    stop_server
    echo "$out" | grep -E 'Requests/sec|Non-2xx|Socket errors' >&2 || true
    rates+=("$(echo "$out" | rps)")
    if [ "$store" = sqlite ]; then
      # The same transaction without HTTP (verify + service.webhook) on a fresh DB: one
      # caller after another, then 16 at once as wrk's 16 connections (commits share fsyncs).
      "$RAW" gen-webhooks --secret bench-secret --count 20000 --customers 10000 --prefix "r$run" >"$WORK/raw.tsv"
      raws+=("$(raw_webhooks_rate 1)")
      raws16+=("$(raw_webhooks_rate 16)")
    fi
  done
  http=$(printf '%s\n' "${rates[@]}" | median)
  echo "RESULT$NOTE $store signed webhooks over HTTP (wrk -t2 -c16 -d${DURATION}s, median of $RUNS): $http/s"
  if [ "$store" = sqlite ]; then
    raw=$(printf '%s\n' "${raws[@]}" | median)
    echo "RESULT$NOTE $store same transaction without HTTP (median of $RUNS): $raw/s; HTTP/raw = $(awk -v a="$http" -v b="$raw" 'BEGIN {printf "%.0f%%", 100*a/b}')"
    raw16=$(printf '%s\n' "${raws16[@]}" | median)
    echo "RESULT$NOTE $store same transaction without HTTP, 16 threads (median of $RUNS): $raw16/s; HTTP/raw = $(awk -v a="$http" -v b="$raw16" 'BEGIN {printf "%.0f%%", 100*a/b}')"
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
  if [ "$store" = sqlite ]; then
    if [ "${WARM:-1}" = 1 ]; then cat "$WORK/seeded.db" >/dev/null; fi
    command -v fincore >/dev/null && echo "page cache: $(fincore --noheadings --output RES,SIZE "$WORK/seeded.db")" >&2 || true
  fi
  if [ "${LOCK:-0}" = 1 ]; then
    command -v vmtouch >/dev/null || { echo "LOCK=1 needs vmtouch (apt-get install vmtouch)" >&2; exit 1; }
    if [ "$store" = sqlite ]; then held="$WORK/seeded.db"; else held=$(psql "$LOYALTY_TEST_PG" -Atc 'SHOW data_directory'); fi
    vmtouch -qdl "$held"; NOTE+=" (database files locked in the page cache)"
    trap 'pkill -f "vmtouch -qdl $held" || true' EXIT
  fi
  echo "load before raw: $(uptime)" >&2
  prio "$RAW" raw-me --db "$db" --shop bench --customers "$CUSTOMERS" --count 20000 >&2
  prio "$RAW" raw-me --db "$db" --shop bench --customers "$CUSTOMERS" --count 20000 >&2
  port=$(free_port); start_server "$db" "$port"
  export BENCH_SHOPPERS="$WORK/shoppers.tsv" BENCH_PATH="/api/v1/shops/bench/me"
  BENCH_DELAY_MS=0 client wrk -t2 -c100 -d5s -s tests/bench/server_me.lua "http://127.0.0.1:$port" >/dev/null  # warm the caches
  read -r -a paces <<<"${PACES:-100 25}"
  echo "before the runs (the machine's own pauses, a floor under any p99 here):" >&2; "$RAW" noise --seconds 5 >&2
  p50s=(); p99s=(); sat=(); declare -A fp50 fp99 frate
  for run in $(seq 1 "$RUNS"); do
    load=$(uptime | sed 's/.*load average: //')
    out=$(BENCH_DELAY_MS=0 client wrk -t2 -c100 -d"${DURATION}s" --latency -s tests/bench/server_me.lua "http://127.0.0.1:$port")
    sat+=("$(echo "$out" | rps)"); p50s+=("$(echo "$out" | pct_ms 50)"); p99s+=("$(echo "$out" | pct_ms 99)")
    line="run $run (load $load): saturated ${sat[-1]}/s p50 ${p50s[-1]} ms p99 ${p99s[-1]} ms"
    for d in "${paces[@]}"; do
      io0=$(disk_read_kb); cpu0=$(cpu_ticks); sys0=$(machine_read_kb)
      out=$(BENCH_DELAY_MS=$d BENCH_STAGGER=${STAGGER:-50} client wrk -t2 -c100 -d"${DURATION}s" --latency -s tests/bench/server_me.lua "http://127.0.0.1:$port")
      frate[$d]+="$(echo "$out" | rps) "; fp50[$d]+="$(echo "$out" | pct_ms 50) "; fp99[$d]+="$(echo "$out" | pct_ms 99) "
      line+="; paced $d ms $(echo "$out" | rps)/s p50 $(echo "$out" | pct_ms 50) ms p99 $(echo "$out" | pct_ms 99) ms"
      line+=" (server read $(( $(disk_read_kb) - io0 )) KB from disk, the machine $(( $(machine_read_kb) - sys0 )) KB; server used $(( ($(cpu_ticks) - cpu0) * 10 )) ms of CPU)"
    done
    echo "$line; load after $(uptime | sed 's/.*load average: //')" >&2
  done
  stop_server
  echo "after the runs:" >&2; "$RAW" noise --seconds 5 >&2
  med() { tr ' ' '\n' | grep -v '^$' | median; }
  echo "RESULT$NOTE $store GET /me, $CUSTOMERS customers / $ENTRIES entries, 100 connections, saturated (closed loop, median of $RUNS): $(printf '%s\n' "${sat[@]}" | median)/s, p50 $(printf '%s\n' "${p50s[@]}" | median) ms, p99 $(printf '%s\n' "${p99s[@]}" | median) ms"
  for d in "${paces[@]}"; do
    echo "RESULT$NOTE $store GET /me, same, 100 connections each pausing $d ms (offers at most $((100000 / d))/s; median of $RUNS): $(echo "${frate[$d]}" | med)/s, p50 $(echo "${fp50[$d]}" | med) ms, p99 $(echo "${fp99[$d]}" | med) ms"
  done
  exit 0
fi
if [ "$what" = history ]; then
  # One customer per history length in a fresh store (the table size does not matter:
  # the read is one index range), the state call timed 200 times each.
  db=$(db_for "history")
  "$BIN" --db "$db" shop-create --shop hist --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null 2>&1 || true
  echo "load: $(uptime)" >&2
  prio "$RAW" history --db "$db" --shop hist --sizes "${SIZES:-10,100,1000,10000}" --count 200
  prio "$RAW" history --db "$db" --shop hist --sizes "${SIZES:-10,100,1000,10000}" --count 200 | sed 's/^/RESULT '"$store"' /'
  exit 0
fi
echo "unknown benchmark $what" >&2; exit 2
