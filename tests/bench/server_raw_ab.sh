#!/usr/bin/env bash
# Two builds' service and storage layers side by side without HTTP, alternating
# round by round so both see the same background load: the raw webhook
# transaction (server_bench_raw raw-webhooks, 16 callers, a fresh SQLite file
# per run) and the state call for customers with 10, 100 and 1,000 entries
# (server_bench_raw history).
#   A=/tmp/old/build B=build bash tests/bench/server_raw_ab.sh
# Env: ROUNDS (5), BODIES (6000), THREADS (16), BENCH_DIR (/tmp/loyalty-raw-ab).
set -euo pipefail
cd "$(dirname "$0")/../.."
A=${A:?the first build directory}
B=${B:?the second build directory}
WORK=${BENCH_DIR:-/tmp/loyalty-raw-ab}
PROGRAM=tests/server/fixtures/program.json
mkdir -p "$WORK"
"$B/server/server_bench_raw" gen-webhooks --secret bench-secret --count "${BODIES:-6000}" --customers 2000 --prefix r >"$WORK/raw.tsv"
for round in $(seq 1 "${ROUNDS:-5}"); do
  for side in A B; do
    dir=${!side}
    db="$WORK/$side.db"
    rm -f "$db" "$db"-*
    "$dir/server/loyalty-server" --db "sqlite:$db" shop-create --shop s --secret bench-secret --api-key k --program "$PROGRAM" >/dev/null
    echo "$side round $round: $("$dir/server/server_bench_raw" raw-webhooks --db "sqlite:$db" --shop s --bodies "$WORK/raw.tsv" --threads "${THREADS:-16}")"
    "$dir/server/server_bench_raw" history --db "sqlite:$db" --shop s --sizes 10,100,1000 --count 300 | sed "s/^/$side round $round: /"
  done
done
