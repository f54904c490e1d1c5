#!/usr/bin/env bash
# Catch2 tests of the core and the CLI (ctest runs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
ctest --test-dir build --output-on-failure -L core
