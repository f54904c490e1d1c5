#!/usr/bin/env bash
# The demo (builder, snippet, storefront, analytics and simulator) in headless
# Chromium against a real loyalty-server on a free loopback port with a
# temporary SQLite database (tests/demo/harness.mjs starts and stops it).
# Needs build/ (server, CLI) and web/dist from scripts/build.sh; builds the
# demo's own wasm (the core plus the simulate binding) into build-wasm-demo/.
# Screenshots: artifacts/screenshots/demo/.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash demo/build-wasm.sh
node demo/build.mjs
node --test --test-concurrency=1 tests/demo/
