#!/usr/bin/env bash
# Installs (Debian packages) and starts a local PostgreSQL server for the SQL-backend tests.
# Idempotent and fast when already running; CI runs as root with no services. Source it to get
# INDICATOR_LIB_PG_DSN exported, or run it and read the DSN from its last line.
set -euo pipefail
PGPORT="${PGPORT:-54329}"
PGDATA_DIR="${INDICATOR_LIB_PGDATA:-/tmp/indicator_lib_pg}"
DSN="postgresql://postgres@127.0.0.1:${PGPORT}/postgres"

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

if ! BIN="$(find_bin)"; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  BIN="$(find_bin)"
fi

as_pg() {
  if [ "$(id -u)" = "0" ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" 2>/dev/null; then
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$PGDATA_DIR"
    as_pg "$BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
      || as_pg "$BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  fi
  as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
fi

export INDICATOR_LIB_PG_DSN="$DSN"
echo "$DSN"
