# Start a throw-away PostgreSQL server for the corpus tests and export RAWI_TEST_PG_URL.
#
# Usage: `source scripts/ci_postgres.sh` (from .ci/run) or `bash scripts/ci_postgres.sh`.
# Idempotent: when the server is already up it only prints the URL (well under a second).
# Installs PostgreSQL from Debian packages with apt-get when no server binaries are found.
# Runs the server as the `postgres` user when we are root (PostgreSQL refuses to run as root),
# on 127.0.0.1 only, with trust authentication for local TCP (a test server, never a real one).
# Sourced: it never calls `exit` and never changes the caller's shell options.

_rawi_pg_main() {
    local port="${RAWI_PG_PORT:-54329}"
    local dir="${RAWI_PG_DIR:-/var/tmp/rawi-pg-$port}"
    local db="${RAWI_PG_DB:-rawi_test}"
    local bindir

    _rawi_pg_bindir() {
        local d
        for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
            [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
        done
        command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)" && return 0
        return 1
    }

    bindir="$(_rawi_pg_bindir)"
    if [ -z "$bindir" ]; then
        echo "ci_postgres: installing PostgreSQL (apt-get)" >&2
        if [ "$(id -u)" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 ||
                { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1; }
        else
            echo "ci_postgres: not root and PostgreSQL is missing; cannot install" >&2
        fi
        bindir="$(_rawi_pg_bindir)"
        [ -z "$bindir" ] && { echo "ci_postgres: PostgreSQL unavailable; postgres tests will skip" >&2; return 1; }
    fi

    # Who runs the server: the postgres user when we are root.
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
        _rawi_pg_run() { runuser -u postgres -- "$@"; }
    else
        _rawi_pg_run() { "$@"; }
    fi

    if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
        if [ ! -f "$dir/PG_VERSION" ]; then
            mkdir -p "$dir"
            [ "$(id -u)" = 0 ] && chown postgres: "$dir"
            chmod 700 "$dir"
            _rawi_pg_run "$bindir/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 ||
                _rawi_pg_run "$bindir/initdb" -D "$dir" -U postgres -A trust -E UTF8 >/dev/null ||
                { echo "ci_postgres: initdb failed in $dir" >&2; return 1; }
        fi
        rm -f "$dir/postmaster.pid.stale"
        _rawi_pg_run "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
            -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null ||
            { echo "ci_postgres: server did not start; see $dir/server.log" >&2; tail -5 "$dir/server.log" >&2; return 1; }
    fi

    if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" postgres | grep -q 1; then
        "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE $db" postgres >/dev/null ||
            { echo "ci_postgres: could not create database $db" >&2; return 1; }
    fi

    export RAWI_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/$db"
    echo "RAWI_TEST_PG_URL=$RAWI_TEST_PG_URL"
    return 0
}

_rawi_pg_main
_rawi_pg_status=$?
unset -f _rawi_pg_main _rawi_pg_bindir _rawi_pg_run 2>/dev/null
# When executed (not sourced), report failure through the exit status.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then exit "$_rawi_pg_status"; fi
