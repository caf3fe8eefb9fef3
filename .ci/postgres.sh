#!/usr/bin/env bash
# A throw-away PostgreSQL server for the second half of CI (the suite against PostgreSQL).
#
#   .ci/postgres.sh start DIR   installs Debian's `postgresql` package if missing (apt-get, as
#                               root), creates a cluster in DIR owned by the `postgres` user,
#                               starts it on a unix socket in DIR and on 127.0.0.1:PORT, creates
#                               the role and database `desabot`, and prints the DSN (last line).
#   .ci/postgres.sh stop DIR    stops it (the directory is left for the caller to remove).
#
# Any failure exits non-zero with one line: CI must not silently skip the PostgreSQL half.
# Durability is off (fsync, full_page_writes): a test server's data is thrown away anyway, and
# every test creates a database from a template, which fsyncs otherwise.
set -euo pipefail

action=${1:-}
dir=${2:-}
port=${DESABOT_CI_PG_PORT:-55432}
if [[ -z "$action" || -z "$dir" ]]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi

pg_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$found" ]] && echo "$found"
}

as_postgres() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"  # a developer's own user owns the cluster
    fi
}

install_server() {
    if [[ -n "$(pg_bin)" ]]; then
        return
    fi
    if ! command -v apt-get >/dev/null; then
        echo "postgres.sh: no PostgreSQL server and no apt-get to install one" >&2
        exit 1
    fi
    if [[ "$(id -u)" != 0 ]]; then
        echo "postgres.sh: PostgreSQL is not installed; run as root (apt-get install postgresql)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql >/dev/null 2>&1 || {
        apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null
    } || {
        echo "postgres.sh: apt-get install postgresql failed" >&2
        exit 1
    }
    [[ -n "$(pg_bin)" ]] || { echo "postgres.sh: postgresql installed but no server binaries" >&2; exit 1; }
}

start() {
    install_server
    local bin
    bin=$(pg_bin)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres: "$dir"
    fi
    if [[ ! -f "$dir/PG_VERSION" ]]; then
        as_postgres "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 \
            --locale=C >"$dir.initdb.log" 2>&1 || {
            echo "postgres.sh: initdb failed (see $dir.initdb.log)" >&2
            exit 1
        }
    fi
    if as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        echo "postgres.sh: already running in $dir" >&2
    else
        as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start -o \
            "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
             -c fsync=off -c full_page_writes=off -c synchronous_commit=off \
             -c max_connections=300 -c shared_buffers=128MB -c autovacuum=off" >/dev/null || {
            echo "postgres.sh: the server did not start; the end of $dir/server.log:" >&2
            tail -n 30 "$dir/server.log" >&2 || true
            exit 1
        }
    fi
    as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
        -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'desabot')
            THEN CREATE ROLE desabot LOGIN CREATEDB PASSWORD 'desabot'; END IF; END \$\$;" >/dev/null
    if [[ -z "$(as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'desabot'")" ]]; then
        as_postgres "$bin/createdb" -h "$dir" -p "$port" -U postgres -O desabot desabot
    fi
    echo "postgresql://desabot:desabot@127.0.0.1:$port/desabot"
}

stop() {
    local bin
    bin=$(pg_bin) || true
    if [[ -n "$bin" && -f "$dir/postmaster.pid" ]]; then
        as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    fi
}

case "$action" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
