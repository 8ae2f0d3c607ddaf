#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on a loopback port in a temporary directory.
# Prints `export CHUJING_TEST_POSTGRES_URL=...` and `PGTEMP_DIR=...`; stop it with
# `scripts/pg-temp.sh stop DIR`.
set -euo pipefail
pgbin() {
  local tool=$1
  if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
  ls /usr/lib/postgresql/*/bin/"$tool" 2>/dev/null | sort -V | tail -n 1
}
as_pg() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
if [ "${1:-}" = "stop" ]; then
  as_pg "$(pgbin pg_ctl) -D '$2/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$2"
  exit 0
fi
dir=$(mktemp -d /tmp/chujing-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = "0" ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$(pgbin initdb) -D '$dir/data' -U chujing --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1
as_pg "$(pgbin pg_ctl) -D '$dir/data' -l '$dir/server.log' -w -o \"-k '$dir' -h 127.0.0.1 -p $port -c fsync=off -c max_connections=200\" start" >/dev/null
as_pg "$(pgbin createdb) -h 127.0.0.1 -p $port -U chujing chujing_test" 2>/dev/null \
  || as_pg "$(pgbin psql) -h 127.0.0.1 -p $port -U chujing -d postgres -c 'CREATE DATABASE chujing_test'" >/dev/null
echo "export CHUJING_TEST_POSTGRES_URL=postgresql+psycopg://chujing@127.0.0.1:$port/chujing_test"
echo "PGTEMP_DIR=$dir"
