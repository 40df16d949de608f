#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server on 127.0.0.1 for the store tests.
#
#   scripts/pg_test_server.sh start [PORT]   prints two shell assignments:
#       DOCREVIEW_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
#       PGTEST_DIR=/tmp/docreview-pg.XXXXXX
#   scripts/pg_test_server.sh stop DIR       stops the server and removes DIR
#   scripts/pg_test_server.sh halt DIR       stops the server, keeps DIR (a "database down" test)
#   scripts/pg_test_server.sh resume DIR     starts a halted server again on its port
#
#   eval "$(scripts/pg_test_server.sh start)"; export DOCREVIEW_TEST_PG_URL
#   ... run tests ...;  scripts/pg_test_server.sh stop "$PGTEST_DIR"
#
# Uses Debian's postgresql package (/usr/lib/postgresql/*/bin) or PG_BIN.  initdb refuses to run as
# root, so as root the server runs as the "postgres" user (created by the package).  Trust auth,
# fsync off: for tests only, never for data you want to keep.
set -euo pipefail

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  echo "no PostgreSQL binaries found (apt-get install postgresql)" >&2
  exit 3
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

server_start() {  # bin dir port
  as_owner "$1/pg_ctl" -D "$2/data" -l "$2/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $3 -k $2 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=50" \
    start >/dev/null || { cat "$2/server.log" >&2; exit 1; }
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cmd=${1:-}
case "$cmd" in
  start)
    bin=$(pg_bin)
    port=${2:-$(free_port)}
    dir=$(mktemp -d /tmp/docreview-pg.XXXXXX)
    chmod 755 "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    server_start "$bin" "$dir" "$port"
    echo "DOCREVIEW_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    echo "PGTEST_DIR=$dir"
    ;;
  halt)
    dir=${2:?usage: $0 halt DIR}
    case "$dir" in /tmp/docreview-pg.*) ;; *) echo "refusing to touch $dir" >&2; exit 2;; esac
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null  # fast: flushes the commits (synchronous_commit=off)
    ;;
  resume)
    dir=${2:?usage: $0 resume DIR}
    case "$dir" in /tmp/docreview-pg.*) ;; *) echo "refusing to touch $dir" >&2; exit 2;; esac
    server_start "$(pg_bin)" "$dir" "$(cat "$dir/port")"
    ;;
  stop)
    dir=${2:?usage: $0 stop DIR}
    case "$dir" in /tmp/docreview-pg.*) ;; *) echo "refusing to remove $dir" >&2; exit 2;; esac
    bin=$(pg_bin)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start [PORT] | stop DIR | halt DIR | resume DIR" >&2
    exit 2
    ;;
esac
