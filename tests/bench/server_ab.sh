#!/usr/bin/env bash
# Two loyalty-server builds side by side, alternating run by run, so both see
# the same background load on a shared machine (BENCHMARKS.md "Connection layer
# on Boost.Beast"). Per round and build: signed generic webhooks (wrk -t2 -c16,
# fresh SQLite file) and GET /me with 100 connections each pausing 100 ms on the
# seeded file of server_bench.sh (run `server_bench.sh me sqlite` once first), each with
# the server's CPU per request (read from /proc: steadier than rates on a loaded machine).
#   A=/tmp/old/loyalty-server B=build/server/loyalty-server bash tests/bench/server_ab.sh
# Env: ROUNDS (3), DURATION (5 s), BENCH_DIR (/tmp/loyalty-bench), CUSTOMERS (1000000: as seeded), BUILD (for server_bench_raw),
#      ONLY=webhooks (the webhook half alone: no seeded file needed, /me not measured), ONLY=me (the /me half alone).
# /me also reports the share of calls the server itself took over 2 ms (its /metrics histogram, paced run
# only): the tail without the client's own scheduling, which on two shared cores moves wrk's p99 a lot.
set -euo pipefail
cd "$(dirname "$0")/../.."
A=${A:?the first loyalty-server binary}
B=${B:?the second loyalty-server binary}
RAW=${BUILD:-build}/server/server_bench_raw
WORK=${BENCH_DIR:-/tmp/loyalty-bench}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CUSTOMERS=${CUSTOMERS:-1000000}
PROGRAM=tests/server/fixtures/program.json
ONLY=${ONLY:-}
mkdir -p "$WORK"
[ "$ONLY" = webhooks ] || [ -f "$WORK/seeded.ok" ] || { echo "no seeded file in $WORK: run tests/bench/server_bench.sh me sqlite first" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
pct_ms() { awk -v p="$1%" '$1 == p { v=$2; u=v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
  if (u == "us") v /= 1000; else if (u == "s") v *= 1000; print v }'; }
rps() { awk '/^Requests\/sec/ {print $2}'; }
start() {  # start BIN DB PORT
  "$1" --db "$2" --port "$3" --quiet --tick-interval 0 --redemptions-per-minute 0 --actions-per-minute 0 2>"$WORK/ab-server.log" &
  PID=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$3/healthz" >/dev/null && return 0; sleep 0.05; done
  cat "$WORK/ab-server.log" >&2; return 1
}
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$PID/stat"; }
# "<calls within 2 ms> <calls>" of the route "me", from the server's /metrics.
me_counts() { curl -sf "http://127.0.0.1:$1/metrics" | awk '/duration_seconds_bucket\{route="me",le="0.002"\}/ {w=$2}
  /duration_seconds_bucket\{route="me",le="\+Inf"\}/ {n=$2} END {print w + 0, n + 0}'; }
stop() { kill -TERM "$PID"; wait "$PID" || true; }

"$RAW" gen-shoppers --secret bench-secret --shop bench --customers "$CUSTOMERS" --count 50000 >"$WORK/ab-shoppers.tsv"
declare -A wh wcpu p99 p50 cpu slow
webhook_half() {  # webhook_half SIDE BIN ROUND: signed webhooks on a fresh file; sets r
  local db="sqlite:$WORK/ab-webhooks.db" shop="ab$3$1"; rm -f "$WORK"/ab-webhooks.db*
  "$2" --db "$db" shop-create --shop "$shop" --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null
  "$RAW" gen-webhooks --secret bench-secret --count 60000 --customers 10000 --prefix "$shop" >"$WORK/ab-bodies.tsv"
  local port; port=$(free_port); start "$2" "$db" "$port"
  local w0 w1 wout; w0=$(cpu_ms)
  wout=$(BENCH_BODIES="$WORK/ab-bodies.tsv" BENCH_PATH="/webhooks/generic/$shop" BENCH_THREADS=2 \
      wrk -t2 -c16 -d"${DURATION}s" -s tests/bench/server_webhooks.lua "http://127.0.0.1:$port")
  w1=$(cpu_ms); stop
  r=$(echo "$wout" | rps); wh[$1]+="$r "
  # Server CPU per webhook: steadier than the rate while other work shares the cores.
  wcpu[$1]+="$(awk -v c=$((w1 - w0)) -v n="$(echo "$wout" | awk '/requests in/ {print $1}')" 'BEGIN {printf "%.3f", c / n}') "
  wnote="webhooks $r/s, server CPU $((w1 - w0)) ms"
}
me_half() {  # me_half SIDE BIN: paced GET /me on the seeded file
  local port; port=$(free_port); start "$2" "sqlite:$WORK/seeded.db" "$port"
  BENCH_SHOPPERS="$WORK/ab-shoppers.tsv" BENCH_PATH=/api/v1/shops/bench/me BENCH_DELAY_MS=0 \
    wrk -t2 -c100 -d2s -s tests/bench/server_me.lua "http://127.0.0.1:$port" >/dev/null  # warm
  local c0 c1 w0 n0 w1 n1 out n over2
  c0=$(cpu_ms); read -r w0 n0 < <(me_counts "$port")
  out=$(BENCH_SHOPPERS="$WORK/ab-shoppers.tsv" BENCH_PATH=/api/v1/shops/bench/me BENCH_DELAY_MS=100 BENCH_STAGGER=50 \
        wrk -t2 -c100 -d"${DURATION}s" --latency -s tests/bench/server_me.lua "http://127.0.0.1:$port")
  c1=$(cpu_ms); read -r w1 n1 < <(me_counts "$port"); stop
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  over2=$(awk -v w=$((w1 - w0)) -v n=$((n1 - n0)) 'BEGIN {printf "%.2f", n ? 100 * (n - w) / n : 0}')
  slow[$1]+="$over2 "; p50[$1]+="$(echo "$out" | pct_ms 50) "; p99[$1]+="$(echo "$out" | pct_ms 99) "
  cpu[$1]+="$(awk -v c=$((c1 - c0)) -v n="$n" 'BEGIN {printf "%.3f", c / n}') "
  menote="/me paced p50 $(echo "$out" | pct_ms 50) ms p99 $(echo "$out" | pct_ms 99) ms, server CPU $((c1 - c0)) ms for $n requests, $over2 % over 2 ms in the server"
}
for round in $(seq 1 "$ROUNDS"); do
  # Which build goes first alternates by round: the second of a pair tends to get the worse tail.
  order="A B"; [ $((round % 2)) -eq 0 ] && order="B A"
  for side in $order; do
    wnote=""; menote=""
    [ "$ONLY" = me ] || webhook_half "$side" "${!side}" "$round"
    [ "$ONLY" = webhooks ] || me_half "$side" "${!side}"
    echo "round $round $side (load $(cut -d' ' -f1 /proc/loadavg)): $wnote${wnote:+${menote:+; }}$menote" >&2
  done
done
med() { tr ' ' '\n' | grep -v '^$' | median; }
for side in A B; do
  webhooks=""; [ "$ONLY" = me ] || webhooks="webhooks median $(echo "${wh[$side]}" | med)/s (runs ${wh[$side]}), server CPU $(echo "${wcpu[$side]}" | med) ms per webhook; "
  if [ "$ONLY" = webhooks ]; then echo "RESULT $side (${!side}): ${webhooks%; }"; continue; fi
  echo "RESULT $side (${!side}): $webhooks/me paced p50 $(echo "${p50[$side]}" | med) ms, p99 $(echo "${p99[$side]}" | med) ms (runs ${p99[$side]}); server CPU $(echo "${cpu[$side]}" | med) ms per /me request; $(echo "${slow[$side]}" | med) % of calls over 2 ms in the server (runs ${slow[$side]})"
done
