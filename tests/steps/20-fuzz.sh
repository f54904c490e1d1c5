#!/usr/bin/env bash
# libFuzzer (clang, ASan + UBSan) on the program, cart/CSV and event/ledger
# parsers, each for a bounded time on a copy of its seed corpus. Any crash,
# leak, sanitizer report, broken invariant or timeout fails the step; the
# input that did it is kept in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."

# FUZZ_SECONDS=600 bash tests/steps/20-fuzz.sh: a longer run per target.
SECONDS_PER_TARGET=${FUZZ_SECONDS:-20}
[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_SECONDS must be a whole number of seconds" >&2; exit 2; }
bash tests/fuzz/build.sh

mkdir -p build-fuzz/artifacts
status=0
for t in fuzz_program fuzz_cart fuzz_event; do
  work="build-fuzz/corpus/$t"
  rm -rf "$work" && mkdir -p "$work"
  cp tests/fuzz/corpus/"$t"/* "$work"/
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
  log="build-fuzz/$t.log"
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "build-fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=5 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t-" "$work" >"$log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^#[0-9]+ +DONE" "$log" | tail -2 | sed "s/^/  /"
  else
    status=1
    echo "fuzz: $t FAILED (see $log); last lines:"
    grep -E "ERROR|SUMMARY|INVARIANT|Test unit written|runtime error" "$log" | head -20 | sed "s/^/  /"
  fi
done
exit $status
