#!/usr/bin/env bash
# The README's first command: installs what is missing, builds native + wasm,
# creates demo-data/loyalty.db with a demo shop (the fashion-store program and
# a signed-in demo shopper with history, seeded through the real server API),
# starts loyalty-server serving demo/ (and the widget; the product page rendered
# with its first figure, demo/server/render-product.mjs) plus the demo shop
# backend, and prints the URLs. Safe to run again: it stops the demo it started
# before, keeps the database, and the seed writes nothing twice.
# Env: DEMO_PORT (8080; the shop backend uses DEMO_PORT+1), DEMO_RESET=1 (new DB),
#      DEMO_NO_SERVE=1 (set everything up, start nothing), DEMO_SKIP_BUILD=1 (a quick
#      re-run: no install, no native/wasm build), LOYALTY_SERVER (another server binary).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${DEMO_PORT:-8080}
BACKEND_PORT=$((PORT + 1))
# DEMO ONLY: fixed, published credentials. Never use these for a real shop.
SHOP=demo
SECRET=demo-secret-DO-NOT-USE-IN-PRODUCTION
API_KEY=demo-api-key-DO-NOT-USE-IN-PRODUCTION
RECEIVER_SECRET=demo-receiver-secret-DO-NOT-USE
CUSTOMER=demo-shopper
DATA=demo-data
DB=$DATA/loyalty.db

if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  echo "== installing what is missing (scripts/install-deps.sh)"
  bash scripts/install-deps.sh
  echo "== building native and wasm (scripts/build.sh)"
  bash scripts/build.sh
fi
echo "== the demo's wasm (core + simulator binding) and pages (demo/build-wasm.sh, demo/build.mjs)"
bash demo/build-wasm.sh
node demo/build.mjs

SERVER=${LOYALTY_SERVER:-build/server/loyalty-server}
[ -x "$SERVER" ] || { echo "no $SERVER after the build" >&2; exit 1; }

mkdir -p "$DATA" && printf '*\n' >"$DATA/.gitignore"   # nothing in demo-data/ is committed
# Stop a demo this script started before (by its recorded pids only).
for f in "$DATA/server.pid" "$DATA/backend.pid"; do
  if [ -f "$f" ]; then
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null && grep -qE 'loyalty-server|shop-backend' "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid"; for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$f"
  fi
done
[ "${DEMO_RESET:-0}" = 1 ] && rm -f "$DB" "$DB-wal" "$DB-shm"

ORIGINS=(--origin "http://127.0.0.1:$PORT" --origin "http://localhost:$PORT")
if [ ! -f "$DB" ]; then
  "$SERVER" --db "sqlite:$DB" shop-create --shop "$SHOP" --secret "$SECRET" --api-key "$API_KEY" "${ORIGINS[@]}" \
    --program examples/fashion-store.json >/dev/null
else
  # Keep the program saved from the builder; refresh credentials and origins.
  "$SERVER" --db "sqlite:$DB" shop-create --shop "$SHOP" --secret "$SECRET" --api-key "$API_KEY" "${ORIGINS[@]}" >/dev/null
fi

# What the pages read at start (demo-only: it holds the demo API key).
cat > demo/demo-config.json <<JSON
{"demo_only": true, "shop": "$SHOP", "customer": "$CUSTOMER", "api_key": "$API_KEY",
 "shop_backend": "http://127.0.0.1:$BACKEND_PORT"}
JSON

[ "${DEMO_NO_SERVE:-0}" = 1 ] && exit 0

# What the server serves: demo/ as it is (links), but the store's product page
# rendered with its first figure once the shop is seeded (below).
WWW=$DATA/www
rm -rf "$WWW" && mkdir -p "$WWW/store"
for f in demo/*; do [ "$(basename "$f")" = store ] || ln -s "$PWD/$f" "$WWW/"; done
for f in demo/store/*; do ln -s "$PWD/$f" "$WWW/store/"; done

# --exposures-per-minute 0: the seed sends the experiment's 900 exposure beacons from one address.
# DEMO_DELIVERY: a short retry schedule (3 attempts, 1 s then 2 s apart; the server's defaults are 15
# attempts over 6 h 25 min), so a notification the switched-off demo receiver refuses is a dead letter
# within seconds. tests/demo/harness.mjs runs the server with the same flags.
DEMO_DELIVERY=(--delivery-interval-ms 500 --delivery-backoff-ms 1000 --delivery-backoff-cap-ms 2000 --delivery-max-attempts 3)
"$SERVER" --db "sqlite:$DB" --port "$PORT" --static "$WWW" --quiet --exposures-per-minute 0 "${DEMO_DELIVERY[@]}" >"$DATA/server.log" 2>&1 &
echo $! >"$DATA/server.pid"
node demo/server/shop-backend.mjs --api "http://127.0.0.1:$PORT" --port "$BACKEND_PORT" --shop "$SHOP" \
  --secret "$SECRET" --customer "$CUSTOMER" --receiver-secret "$RECEIVER_SECRET" "${ORIGINS[@]}" >"$DATA/backend.log" 2>&1 &
echo $! >"$DATA/backend.pid"
stop() { kill "$(cat "$DATA/server.pid")" "$(cat "$DATA/backend.pid")" 2>/dev/null || true; rm -f "$DATA"/*.pid; }
trap stop EXIT INT TERM

for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "the server did not start; see $DATA/server.log" >&2; exit 1; }
echo "== seeding the demo shop through the server API"
node demo/server/seed.mjs --api "http://127.0.0.1:$PORT" --shop "$SHOP" --secret "$SECRET" --api-key "$API_KEY" --customer "$CUSTOMER" \
  --receiver "http://127.0.0.1:$BACKEND_PORT/notifications" --receiver-secret "$RECEIVER_SECRET"
node demo/server/render-product.mjs --api "http://127.0.0.1:$PORT" --shop "$SHOP" --api-key "$API_KEY" \
  --customer "$CUSTOMER" --out "$WWW/store/product.html"

cat <<MSG

Loyalty demo is running (Ctrl-C stops it):
  Program builder     http://127.0.0.1:$PORT/
  Sample storefront   http://127.0.0.1:$PORT/store/product.html   (cart: /store/cart.html)
  Merchant analytics  http://127.0.0.1:$PORT/analytics.html
  Notifications       http://127.0.0.1:$PORT/notifications.html   (receivers, dead letters, replay)
  Demo shop backend   http://127.0.0.1:$BACKEND_PORT   (signs the shopper, sends test-order webhooks)

DEMO ONLY, never for a real shop: shop "$SHOP", secret "$SECRET", receiver secret "$RECEIVER_SECRET",
API key "$API_KEY", signed-in shopper "$CUSTOMER". Database: $DB
MSG
wait
