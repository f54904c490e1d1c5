#!/usr/bin/env bash
# The server's Catch2 suite over real HTTP on loopback: first against SQLite,
# then the same suite against a PostgreSQL 15 this step starts itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/server/server_tests
if [ ! -x "$bin" ]; then
  echo "30-server: $bin is missing (run: bash scripts/build.sh)" >&2
  exit 1
fi
echo "--- server tests: SQLite"
env -u LOYALTY_TEST_PG "$bin"
echo "--- server tests: PostgreSQL"
bash tests/server/pg.sh "$bin"
