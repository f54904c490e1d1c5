#!/usr/bin/env bash
# The storefront widget in headless Chromium (Debian's, via playwright-core)
# against the real build/server/loyalty-server (SQLite in a temporary folder,
# behind the test pages of tests/web/fixture/server.mjs; static.test.mjs: its
# --static): product/cart numbers vs native, redeem, sync,
# keyboard, axe, CSP, hostile text and CSS, every language (screenshots in
# artifacts/screenshots/). Needs build/ (server and native CLI) and build-wasm/.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Cheap (about a second) and makes sure web/dist matches web/src.
node web/build.mjs
npx --no-install tsc -p web/tsconfig.json
echo "types: web/src/i18n/*.js implement Translation"
node --test --test-concurrency=1 tests/web/
