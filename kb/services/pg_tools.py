"""PostgreSQL's own client programs for backup and restore: `pg_dump` and `pg_restore`.

Their custom format is what a PostgreSQL administrator expects to handle, it is consistent by
itself, and `pg_dump --snapshot` can dump exactly the snapshot another connection has exported
(which is how `kb backup` ties the dump to the moment it held the write lock). The connection
goes through libpq's environment variables, so the password never appears on a command line
(`ps` shows command lines to every user of the machine).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from kb.services.backup_manifest import BackupError

PG_ROOT = "/usr/lib/postgresql"  # Debian's versioned client programs: /usr/lib/postgresql/15/bin/pg_dump
_QUERY_ENV = {"host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
              "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
              "options": "PGOPTIONS", "target_session_attrs": "PGTARGETSESSIONATTRS"}
_USER_TABLES = ("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "ORDER BY table_name")


def find_tool(name: str) -> Path:
    """`name` on PATH, else the newest under /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return Path(found)
    candidates = sorted(glob.glob(f"{PG_ROOT}/*/bin/{name}"), key=_major_version)
    if candidates:
        return Path(candidates[-1])
    raise BackupError(f"{name} nicht gefunden (weder im PATH noch unter {PG_ROOT}/*/bin). Für PostgreSQL "
                      f"braucht die Sicherung die Client-Programme pg_dump und pg_restore derselben Hauptversion "
                      f"wie der Server, z. B. `apt-get install postgresql-client-15`.")


def _major_version(path: str) -> int:
    match = re.search(r"/(\d+)/bin/", path)
    return int(match.group(1)) if match else 0


def libpq_env(url: str) -> dict[str, str]:
    """The process environment plus the connection of `url` as PG* variables (password included)."""
    parsed = make_url(url)
    env = dict(os.environ)
    given = {"PGHOST": parsed.host, "PGPORT": parsed.port, "PGUSER": parsed.username,
             "PGPASSWORD": parsed.password, "PGDATABASE": parsed.database}
    given |= {var: parsed.query.get(key) for key, var in _QUERY_ENV.items() if parsed.query.get(key)}
    env.update({var: str(value) for var, value in given.items() if value not in (None, "")})
    return env


def run_tool(tool: Path, args: list[str], url: str, what: str) -> str:
    """Run a client program against the database of `url`; its error output becomes the message."""
    try:
        done = subprocess.run([str(tool), *args], env=libpq_env(url), capture_output=True, text=True,
                              check=False)
    except OSError as exc:
        raise BackupError(f"{what}: {tool} ließ sich nicht starten ({exc})") from exc
    if done.returncode != 0:
        detail = " ".join(done.stderr.strip().splitlines()[-3:]) or f"Rückgabewert {done.returncode}"
        raise BackupError(f"{what} fehlgeschlagen: {detail}")
    return done.stdout


def engine_for(url: str) -> Engine:
    return create_engine(url, poolclass=NullPool)


def user_tables(url: str) -> list[str]:
    """The tables in the database's schema; a database that cannot be reached is a clear error."""
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(_USER_TABLES)).scalars())
    except SQLAlchemyError as exc:
        raise BackupError(f"Datenbank nicht erreichbar: {describe(url)} ({type(exc.orig or exc).__name__})") \
            from exc
    finally:
        engine.dispose()


def drop_tables(url: str) -> None:
    """Empty the schema before `--force` restores into it: `pg_restore --clean` drops only what
    the dump contains, and a table of a newer schema left behind would break the migration."""
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            for name in conn.execute(text(_USER_TABLES)).scalars().all():
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name.replace(chr(34), chr(34) * 2)}" CASCADE')
    finally:
        engine.dispose()


def restore_dump(dump: Path, url: str, clean: bool) -> None:
    """`pg_restore` into the database of `url`, in one transaction (a failure leaves nothing of
    it). With `clean` the old tables are dropped first — only after this pg_restore has shown
    it can read the dump (an older pg_restore cannot read a newer dump format)."""
    tool = find_tool("pg_restore")
    run_tool(tool, ["--list", str(dump)], url, "pg_restore (Lesen der Sicherung)")
    if clean:
        drop_tables(url)
    args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password",
            f"--dbname={make_url(url).database}"]
    if clean:
        args += ["--clean", "--if-exists"]
    run_tool(tool, [*args, str(dump)], url, "pg_restore")


def describe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
