#!/usr/bin/env bash
# The program JSON Schema and the engine's parser agree: examples valid for
# both, broken programs rejected by both (see tests/schema/check_schema.js).
set -euo pipefail
cd "$(dirname "$0")/../.."
node tests/schema/check_schema.js build/cli/loyalty
