#!/usr/bin/env bash
# Small files with one job: no C++ or JavaScript file over 400 lines and no function
# over 80 without a "Long:" comment saying why (scripts/sizes.mjs, its own test
# first: it is not fooled by braces in literals, and refuses a file it cannot pair).
set -euo pipefail
cd "$(dirname "$0")/../.."
node --test tests/sizes/
node scripts/sizes.mjs
