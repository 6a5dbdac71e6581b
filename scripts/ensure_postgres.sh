#!/bin/sh
# Make sure a throw-away PostgreSQL server runs on loopback for the store's tests, and print its DSN.
# Idempotent and quiet: a second run finds the server up and only prints the DSN. Installs Debian's
# `postgresql` when its binaries are missing and we are root. Exits 0 whenever it cannot (not root,
# no apt-get, no network, the server will not start): the PostgreSQL tests then skip with a reason.
#   KLIPING_PG_DIR   where the cluster lives (default /tmp/kliping-pg)
#   KLIPING_PG_PORT  the port on 127.0.0.1 (default 54329)
set -u

PG_DIR=${KLIPING_PG_DIR:-/tmp/kliping-pg}
PG_PORT=${KLIPING_PG_PORT:-54329}
PG_DB=kliping_test
DSN="postgresql://postgres@127.0.0.1:$PG_PORT/$PG_DB"

say() { echo "ensure_postgres: $* (PostgreSQL tests will skip)" >&2; }

# Debian keeps the server's tools out of PATH, under /usr/lib/postgresql/<major>/bin: take the newest.
find_bin() {
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    dir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    return 1
}

BIN=$(find_bin)
if [ -z "$BIN" ]; then
    if [ "$(id -u)" != "0" ]; then say "not root, PostgreSQL not installed"; exit 0; fi
    if ! command -v apt-get >/dev/null 2>&1; then say "apt-get unavailable"; exit 0; fi
    if ! { apt-get update -qq >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql \
            >/dev/null 2>&1; }; then
        say "apt-get could not install postgresql"; exit 0
    fi
    BIN=$(find_bin) || { say "postgresql installed but initdb not found"; exit 0; }
fi

# initdb and the server refuse to run as root: as root, the cluster belongs to the `postgres` user.
if [ "$(id -u)" = "0" ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir "$PG_DIR" --shell /bin/sh postgres 2>/dev/null ||
            { say "cannot create the postgres user"; exit 0; }
    fi
    as_owner() { su postgres -s /bin/sh -c "$*"; }
    OWNER=postgres
else
    as_owner() { sh -c "$*"; }
    OWNER=$(id -un)
fi

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; then
    :  # already running (an earlier run, or CI's set-up)
else
    mkdir -p "$PG_DIR" && chown "$OWNER" "$PG_DIR" && chmod 700 "$PG_DIR" ||
        { say "cannot create $PG_DIR"; exit 0; }
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        # Trust on loopback only (listen_addresses below): a test server with no secrets in it.
        as_owner "'$BIN/initdb' -D '$PG_DIR/data' -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=trust >'$PG_DIR/initdb.log' 2>&1" ||
            { say "initdb failed (see $PG_DIR/initdb.log)"; exit 0; }
    fi
    # A stale pid file from a killed server would stop pg_ctl: pg_ctl itself checks whether it is alive.
    as_owner "'$BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w -t 60 \
        -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_DIR' -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off\" start >/dev/null 2>&1" ||
        { say "the server did not start (see $PG_DIR/server.log)"; exit 0; }
fi

if ! "$BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" 2>/dev/null | grep -q 1; then
    "$BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE $PG_DB" \
        >/dev/null 2>&1 || { say "cannot create database $PG_DB"; exit 0; }
fi
echo "$DSN"
