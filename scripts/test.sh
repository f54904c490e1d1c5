#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then each step in
# tests/steps/ in order. Prints one summary line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
bash scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; failures=()
for step in tests/steps/*.sh; do
  name=$(basename "$step" .sh)
  echo "=== $name"
  start=$(date +%s)
  if bash "$step"; then
    passed=$((passed + 1)); echo "=== $name: ok ($(( $(date +%s) - start ))s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAILED ($(( $(date +%s) - start ))s)"
  fi
done
((failed)) && echo "failed steps: ${failures[*]}"
echo "$passed passed, $failed failed"
((failed == 0))
