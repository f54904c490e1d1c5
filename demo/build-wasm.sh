#!/usr/bin/env bash
# The demo's wasm: the same core and bindings as the widget's, plus the
# simulate binding (-DLOYALTY_WASM_SIMULATE) that shoppers never download.
# Only the loyalty_wasm target, into build-wasm-demo/ (incremental).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
if [ ! -f build-wasm-demo/CMakeCache.txt ]; then
  emcmake cmake -S . -B build-wasm-demo -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_CXX_FLAGS=-DLOYALTY_WASM_SIMULATE=1 >/dev/null
fi
cmake --build build-wasm-demo -j"$(nproc)" --target loyalty_wasm
