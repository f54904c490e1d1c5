#!/usr/bin/env bash
# Builds the libFuzzer targets into build-fuzz/ with clang (Debian clang 14):
# the core compiled once with ASan+UBSan+fuzzer instrumentation, then one
# binary per target. Usage: tests/fuzz/build.sh [target...]
set -euo pipefail
cd "$(dirname "$0")/../.."

CXX=${CXX_FUZZ:-clang++}
command -v "$CXX" >/dev/null || { echo "fuzz: $CXX not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
OUT=build-fuzz
mkdir -p "$OUT/obj" "$OUT/include"
# nlohmann in a folder of its own (never the whole /usr/include).
if [ ! -f "$OUT/include/nlohmann/json.hpp" ]; then
  src=/usr/include/nlohmann
  [ -f "$src/json.hpp" ] || { echo "fuzz: nlohmann/json.hpp not found (apt-get install nlohmann-json3-dev)" >&2; exit 1; }
  cp -r "$src" "$OUT/include/"
fi

FLAGS=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -fno-omit-frame-pointer -Icore/include -I"$OUT/include" -Itests/fuzz)

# The example programs, embedded so the targets need no files at run time.
gen="$OUT/programs.cpp"
{
  echo '#include <cstddef>'
  echo 'namespace fuzz {'
  echo 'extern const char* const kPrograms[];'
  echo 'extern const size_t kProgramCount;'
  echo 'const char* const kPrograms[] = {'
  for f in examples/*.json; do printf 'R"LOYALTYJSON(%s)LOYALTYJSON",\n' "$(cat "$f")"; done
  echo '};'
  echo 'const size_t kProgramCount = sizeof(kPrograms) / sizeof(kPrograms[0]);'
  echo '}'
} > "$gen.tmp"
cmp -s "$gen.tmp" "$gen" && rm "$gen.tmp" || mv "$gen.tmp" "$gen"

# Compile what changed (the core, the programs), two at a time.
compile() {  # src obj
  if [ ! -f "$2" ] || [ "$1" -nt "$2" ] || [ -n "$(find core/include tests/fuzz/fuzz_common.h core/src -name '*.h' -newer "$2" 2>/dev/null | head -1)" ]; then
    echo "  CXX $1"
    "$CXX" "${FLAGS[@]}" -c "$1" -o "$2"
  fi
}
export -f compile
export CXX OUT
export FLAGS_STR="${FLAGS[*]}"
srcs=(core/src/*.cpp "$gen")
printf '%s\n' "${srcs[@]}" | xargs -P"${FUZZ_JOBS:-2}" -I{} bash -c \
  'FLAGS=($FLAGS_STR); src="{}"; obj="$OUT/obj/$(basename "${src%.cpp}").o"; compile "$src" "$obj"'

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_program fuzz_cart fuzz_event)
for t in "${targets[@]}"; do
  echo "  LINK $OUT/$t"
  objs=("$OUT"/obj/*.o)
  "$CXX" "${FLAGS[@]}" "tests/fuzz/$t.cpp" "${objs[@]}" -o "$OUT/$t"
done
