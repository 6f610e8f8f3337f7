#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the storage contract tests and print its
# SQLAlchemy URL. Usage: scripts/postgres.sh start|stop
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
DIR=${KB_PG_DIR:-/tmp/kb-postgres}
PORT=${KB_PG_PORT:-54329}
[ -n "$PGBIN" ] || { echo "PostgreSQL fehlt (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
      as_owner "'$PGBIN/initdb' -D '$DIR' -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8" >/dev/null
    fi
    if ! as_owner "'$PGBIN/pg_ctl' -D '$DIR' status" >/dev/null 2>&1; then
      as_owner "'$PGBIN/pg_ctl' -D '$DIR' -w -l '$DIR/server.log' -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null
    fi
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_owner "'$PGBIN/pg_ctl' -D '$DIR' -m fast stop" >/dev/null || true
    ;;
esac
