#!/usr/bin/env bash
# The CLI end to end: exit codes and JSON out, as merchants and scripts use it.
set -euo pipefail
LOYALTY=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# validate: exit 1 with the field named
if "$LOYALTY" validate "$ROOT/tests/core/fixtures/broken-program.json" > "$T/out"; then fail "broken program validated"; fi
grep -q '^/tiers/1/threshold: must be greater than /tiers/0/threshold$' "$T/out" || fail "tier error not named: $(cat "$T/out")"
"$LOYALTY" validate --json "$ROOT/examples/coffee-shop.json" | grep -q '"valid":true' || fail "validate --json"

# quote
cat > "$T/cart.json" <<'JSON'
{"currency":"USD","lines":[{"id":"1","product_id":"latte","unit_price":450,"quantity":2}]}
JSON
echo '{"id":"c1","ledger":[]}' > "$T/customer.json"
out=$("$LOYALTY" quote --program "$ROOT/examples/coffee-shop.json" --customer "$T/customer.json" --cart "$T/cart.json" --now 2026-11-28T12:00:00Z)
echo "$out" | grep -q '"points":90' || fail "quote points: $out"

# apply: prints the new entries, a second time nothing
echo '{"id":"evt-1","type":"order_paid","at":"2026-11-28T12:00:00Z","order":{"id":820982911946154508,"currency":"USD","lines":[{"product_id":"latte","unit_price":450}]}}' > "$T/event.json"
: > "$T/ledger.jsonl"
"$LOYALTY" apply --program "$ROOT/examples/coffee-shop.json" --ledger "$T/ledger.jsonl" --event "$T/event.json" --now 2026-11-28T12:00:00Z >> "$T/ledger.jsonl"
grep -q '"order_id":"820982911946154508"' "$T/ledger.jsonl" || fail "order id not exact"
grep -q '"points":45' "$T/ledger.jsonl" || fail "apply points"
again=$("$LOYALTY" apply --program "$ROOT/examples/coffee-shop.json" --ledger "$T/ledger.jsonl" --event "$T/event.json" --now 2026-11-28T12:00:00Z 2>/dev/null)
[ -z "$again" ] || fail "replayed event added entries: $again"
"$LOYALTY" state --program "$ROOT/examples/coffee-shop.json" --ledger "$T/ledger.jsonl" --now 2026-11-28T12:00:00Z | grep -q '"balance":45' || fail "state"

# state-batch: one state per case line (the cart is not read); a broken case names its field
ledger_json=$(paste -sd, "$T/ledger.jsonl")
program_json=$(tr -d '\n' < "$ROOT/examples/coffee-shop.json")  # JSON has no raw newlines in strings
printf '%s\n%s\n' \
  "{\"program\":$program_json,\"customer\":{\"id\":\"c1\",\"ledger\":[$ledger_json]},\"now\":\"2026-11-28T12:00:00Z\"}" \
  "{\"program\":$program_json,\"customer\":{\"id\":\"c1\"},\"now\":\"yesterday\"}" > "$T/cases.jsonl"
"$LOYALTY" state-batch < "$T/cases.jsonl" > "$T/states.jsonl"
[ "$(wc -l < "$T/states.jsonl")" = 2 ] || fail "state-batch line count"
sed -n 1p "$T/states.jsonl" | grep -q '"balance":45' || fail "state-batch balance: $(sed -n 1p "$T/states.jsonl")"
sed -n 2p "$T/states.jsonl" | grep -q '"pointer":"/now"' || fail "state-batch bad now: $(sed -n 2p "$T/states.jsonl")"

# bad input: exit 1, JSON errors, no crash
echo '{"id":"e","type":"order_paid","at":"2026-11-28T12:00:00Z","order":{"id":"1","currency":"USD","lines":[{"product_id":"x","unit_price":"12.50"}]}}' > "$T/bad.json"
if "$LOYALTY" apply --program "$ROOT/examples/coffee-shop.json" --ledger "$T/ledger.jsonl" --event "$T/bad.json" > "$T/err" 2>/dev/null; then fail "bad event accepted"; fi
grep -q '/order/lines/0/unit_price' "$T/err" || fail "bad event field not named: $(cat "$T/err")"
set +e; "$LOYALTY" quote --program "$ROOT/examples/coffee-shop.json" > /dev/null 2>&1; code=$?; set -e
[ "$code" = 2 ] || fail "missing option should exit 2, got $code"

# simulate over a generated history
"$LOYALTY" generate-orders --count 500 --seed 3 > "$T/orders.csv"
[ "$(wc -l < "$T/orders.csv")" = 501 ] || fail "generate-orders count"
"$LOYALTY" simulate --program "$ROOT/examples/fashion-store.json" --orders "$T/orders.csv" | grep -q '"points_issued"' || fail "simulate"

# referral codes
code=$("$LOYALTY" referral-code --make cust-1 --seed 9)
"$LOYALTY" referral-code --check "$code" > /dev/null || fail "own code does not check"
# quote-batch / state-batch: a malformed line gets an error line naming it, and the batch goes on
printf '%s\n' '[]' '5' '"x"' 'null' "{\"program\":$program_json,\"customer\":{\"id\":\"c1\"},\"cart\":$(cat "$T/cart.json"),\"now\":5}" \
  "{\"program\":$program_json,\"customer\":{\"id\":\"c1\"},\"cart\":$(cat "$T/cart.json"),\"now\":\"2026-11-28T12:00:00Z\"}" > "$T/odd.jsonl"
for cmd in quote-batch state-batch; do
  set +e; "$LOYALTY" $cmd < "$T/odd.jsonl" > "$T/odd.out" 2>"$T/odd.err"; code=$?; set -e
  [ "$code" = 0 ] || fail "$cmd exit $code on malformed lines: $(cat "$T/odd.err")"
  [ "$(wc -l < "$T/odd.out")" = 6 ] || fail "$cmd line count: $(cat "$T/odd.out")"
  for n in 1 2 3 4; do sed -n ${n}p "$T/odd.out" | grep -q '"errors":\[{"message":"must be an object' || fail "$cmd line $n: $(sed -n ${n}p "$T/odd.out")"; done
  sed -n 5p "$T/odd.out" | grep -q '"pointer":"/now"' || fail "$cmd non-string now: $(sed -n 5p "$T/odd.out")"
done
sed -n 6p "$T/odd.out" | grep -q '"balance":0' || fail "state-batch after malformed lines: $(sed -n 6p "$T/odd.out")"

# a program naming only its time zone: the rule comes from the system's tz data (Bucharest: UTC+3 until 25 Oct 2026 04:00)
echo '{"shop":"s","name":"n","version":1,"currency":"USD","time_zone":"Europe/Bucharest","earn":{"points":1,"per_amount":100},"campaigns":[{"id":"sun","starts_at":"2026-01-01T00:00:00Z","ends_at":"2027-01-01T00:00:00Z","weekdays":[6],"bonus_points":50}]}' > "$T/zone.json"
"$LOYALTY" validate "$T/zone.json" > /dev/null || fail "zone name without rule"
out=$("$LOYALTY" quote --program "$T/zone.json" --cart "$T/cart.json" --now 2026-10-24T21:00:00Z)
echo "$out" | grep -q '"points":59' || fail "Sunday campaign at local midnight before the change: $out"
out=$("$LOYALTY" quote --program "$T/zone.json" --cart "$T/cart.json" --now 2026-10-24T20:59:59Z)
echo "$out" | grep -q '"points":9' || fail "Saturday before the change: $out"
sed 's#Europe/Bucharest#Mars/Olympus#' "$T/zone.json" > "$T/mars.json"
if "$LOYALTY" validate "$T/mars.json" > "$T/out"; then fail "unknown zone accepted"; fi
grep -q '^/time_zone: ' "$T/out" || fail "unknown zone not named: $(cat "$T/out")"

echo "cli: all checks passed"
