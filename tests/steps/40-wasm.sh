#!/usr/bin/env bash
# The wasm core: byte-identical parity with the native CLI, the JS API, and
# the hand-written .d.ts (type-only test). Needs build/ and build-wasm/.
set -euo pipefail
cd "$(dirname "$0")/../.."
node --test tests/wasm/
npx --no-install tsc -p tests/wasm/tsconfig.json
echo "types: tests/wasm/types.test-d.ts ok"
