#!/usr/bin/env bash
# Core benchmarks for BENCHMARKS.md ("## Core"):
#  (a) Google Benchmark tests/bench/quote_bench.cpp, 9 repetitions, medians;
#  (b) `loyalty simulate` over 100,000 generated orders, timed by hyperfine;
#  (c) the core alone in wasm: em++ -Oz, gzip -9 size.
# Assumes build/ is built (build/cli/loyalty). Builds into build-bench/.
# Usage: tests/bench/run_core_bench.sh [a|b|c ...]   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=build-bench
mkdir -p "$OUT"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(a b c)
want() { [[ " ${parts[*]} " == *" $1 "* ]]; }

if want a; then
  echo "== (a) Google Benchmark: quote_bench (median of 9)"
  bench=""
  # Through the root build once tests/CMakeLists.txt has add_subdirectory(bench) ...
  if cmake -S . -B "$OUT" -DCMAKE_BUILD_TYPE=Release -DLOYALTY_BUILD_SERVER=OFF >/dev/null &&
     cmake --build "$OUT" -j2 --target quote_bench >/dev/null 2>&1; then
    bench="$OUT/tests/bench/quote_bench"
  else
    # ... else a standalone project holding only the core and the benchmark.
    src="$OUT/standalone-src"
    mkdir -p "$src"
    cat > "$src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(loyalty_core_bench LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
add_compile_options(-Wall -Wextra)
set(LOYALTY_NLOHMANN_DIR "\${CMAKE_BINARY_DIR}/third_party/include")
file(COPY /usr/include/nlohmann DESTINATION "\${LOYALTY_NLOHMANN_DIR}")
add_subdirectory("$PWD/core" core)
add_subdirectory("$PWD/tests/bench" bench)
CMAKE
    cmake -S "$src" -B "$OUT/standalone" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$OUT/standalone" -j2 --target quote_bench >/dev/null
    bench="$OUT/standalone/bench/quote_bench"
  fi
  "$bench" --benchmark_repetitions=9 --benchmark_report_aggregates_only=true \
    --benchmark_out="$OUT/quote_bench.json" --benchmark_out_format=json 2>/dev/null | grep -E "^Benchmark|^-|_median"
fi

if want b; then
  echo "== (b) loyalty simulate, 100,000 orders (hyperfine, median)"
  build/cli/loyalty generate-orders --count 100000 --seed 7 > "$OUT/orders-100k.csv"
  echo "orders: $(($(wc -l < "$OUT/orders-100k.csv") - 1)) rows, $(wc -c < "$OUT/orders-100k.csv") bytes"
  hyperfine --warmup 1 --runs 7 --export-json "$OUT/simulate.json" \
    "build/cli/loyalty simulate --program examples/fashion-store.json --orders $OUT/orders-100k.csv" >/dev/null
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results[0];
    const f = (s) => s.toFixed(3) + " s";
    console.log(`simulate median ${f(r.median)} (mean ${f(r.mean)}, min ${f(r.min)}, max ${f(r.max)}, user ${f(r.user)}, ${r.times.length} runs)`);
  ' "$OUT/simulate.json"
fi

if want c; then
  echo "== (c) the core alone in wasm (em++ -Oz, gzip -9)"
  command -v em++ >/dev/null || { echo "em++ not found (apt-get install emscripten)"; exit 1; }
  export NODE_PATH=/usr/share/nodejs
  w="$OUT/wasm"
  mkdir -p "$w"
  common=(-std=c++17 -Oz -Icore/include core/src/*.cpp tests/bench/core_size.cpp
          -sFILESYSTEM=0 -sMALLOC=emmalloc -sEXPORTED_FUNCTIONS=_loyalty_quote_points --no-entry)
  size() {  # label, wasm file
    printf '%-44s %8d bytes raw  %7d bytes gzip -9\n' "$1" "$(wc -c < "$2")" "$(gzip -9 -c "$2" | wc -c)"
  }
  # The core has one JSON type (its small value, core/include/loyalty/json.h) in every build.
  em++ "${common[@]}" -o "$w/core.js"
  size "core, -Oz" "$w/core.wasm"
  if em++ "${common[@]}" -fno-exceptions -o "$w/core-noexcept.js" 2>"$w/noexcept.log"; then
    size "core, -Oz -fno-exceptions" "$w/core-noexcept.wasm"
  else
    echo "core, -Oz -fno-exceptions: does not compile (see $w/noexcept.log)"
  fi
fi
