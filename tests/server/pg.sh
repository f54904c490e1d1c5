#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15: initdb in a temporary
# folder as an unprivileged user, a free loopback port, a unix socket in the
# same folder; exports LOYALTY_TEST_PG=postgres://...; stops and removes it after.
#   tests/server/pg.sh build/server/server_tests
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || { echo "pg.sh: no PostgreSQL binaries in $PGBIN" >&2; exit 1; }

tmp=$(mktemp -d /tmp/loyalty-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # postgres refuses to run as root: use the packaged unprivileged user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$tmp"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"${as_pg[@]}" "$PGBIN/initdb" -D "$tmp/data" -U loyalty --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/postgres.log" -w \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB" start >/dev/null \
  || { cat "$tmp/postgres.log" >&2; exit 1; }
"${as_pg[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U loyalty loyalty_test

export LOYALTY_TEST_PG="postgres://loyalty@127.0.0.1:$port/loyalty_test"
echo "pg.sh: PostgreSQL 15 on 127.0.0.1:$port (data in $tmp)" >&2
"$@"
