#!/usr/bin/env bash
# Installs what this project needs on a fresh Debian machine (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(cmake g++ make pkg-config nlohmann-json3-dev catch2 libcpp-httplib-dev libboost-dev libcli11-dev libsqlite3-dev sqlite3
          libpq-dev postgresql libssl-dev emscripten clang libclang-rt-14-dev libbenchmark-dev
          hyperfine wrk vmtouch chromium fonts-wqy-microhei nodejs gzip tzdata zopfli php-cli
          default-jre-headless)  # Java: Closure Compiler for the wasm glue (wasm/closure-compiler.sh)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian's package: then keep it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
  if ! command -v npm >/dev/null; then DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q npm; fi
fi

# JavaScript tools for the widget and browser tests (pinned by package-lock.json).
if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error
  fi
fi
