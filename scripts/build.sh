#!/usr/bin/env bash
# Builds the native tree (core, CLI, server, tests) into build/ and, when
# emscripten is present, the wasm tree into build-wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$JOBS"

if command -v emcmake >/dev/null; then
  export NODE_PATH=/usr/share/nodejs
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
  cmake --build build-wasm -j"$JOBS"
fi
