"""A consistent online snapshot of the database, taken in two steps around the write lock.

`begin()` runs while the caller holds the Ingestor's write lock: it fixes the snapshot (an open
read transaction on SQLite, an exported snapshot on PostgreSQL) and reads the facts the manifest
records from that same snapshot. `dump()` runs after the lock is released and copies exactly that
snapshot — the SQLite backup API reads through the open read transaction, `pg_dump --snapshot`
uses the exported one — so ingesting goes on while the copy is written, and nothing committed
after `begin()` reaches the archive. A live WAL database is never copied as a file: its last
commits may still be in the `-wal` file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from kb.services import pg_tools, store
from kb.services.backup_manifest import PG_MEMBER, SQLITE_MEMBER, BackupError, Counts, DatabaseKind

Query = Callable[[str], list[tuple]]
_COUNTS = {"documents": "SELECT count(*) FROM documents", "chunks": "SELECT count(*) FROM chunks",
           "users": "SELECT count(*) FROM users"}
_GENERATION = f"SELECT value FROM kb_meta WHERE key = '{store.GENERATION}'"
_REVISION = "SELECT version_num FROM alembic_version"
_STORED = "SELECT DISTINCT stored_file FROM documents"


@dataclass
class SnapshotFacts:
    """What the snapshot holds, read inside it (so the manifest and the dump agree)."""

    generation: int
    schema_revision: str | None
    counts: Counts
    stored_files: set[str] = field(default_factory=set)
    server_version: str | None = None


def read_facts(query: Query) -> SnapshotFacts:
    generation = query(_GENERATION)
    revision = query(_REVISION)
    return SnapshotFacts(
        generation=int(generation[0][0]) if generation else 0,
        schema_revision=str(revision[0][0]) if revision else None,
        counts=Counts(**{name: int(query(sql)[0][0]) for name, sql in _COUNTS.items()}),
        stored_files={str(row[0]) for row in query(_STORED)})


class Snapshot(Protocol):
    kind: DatabaseKind
    member: str

    def begin(self) -> SnapshotFacts: ...

    def dump(self, folder: Path) -> Path: ...

    def close(self) -> None: ...


class SqliteReader:
    """A read transaction on an SQLite file, copied later with the backup API (also used for the
    SQLite files among the indexes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = None

    def begin(self) -> None:
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        self.conn.execute("BEGIN")
        self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read fixes the snapshot

    def query(self, sql: str) -> list[tuple]:
        return self.conn.execute(sql).fetchall()

    def copy_to(self, target: Path) -> Path:
        out = sqlite3.connect(target)
        try:
            self.conn.backup(out)
        finally:
            out.close()
        return target

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class SqliteSnapshot:
    kind: DatabaseKind = "sqlite"
    member = SQLITE_MEMBER

    def __init__(self, path: Path) -> None:
        self.reader = SqliteReader(path)

    def begin(self) -> SnapshotFacts:
        if not self.reader.path.is_file():
            raise BackupError(f"Keine Datenbank unter {self.reader.path} (noch nie geöffnet?)")
        try:
            self.reader.begin()
            return read_facts(self.reader.query)
        except sqlite3.Error as exc:
            raise BackupError(f"Datenbank nicht lesbar oder nicht eingerichtet: {exc}") from exc

    def dump(self, folder: Path) -> Path:
        return self.reader.copy_to(folder / "kb.sqlite3")

    def close(self) -> None:
        self.reader.close()


class PostgresSnapshot:
    kind: DatabaseKind = "postgresql"
    member = PG_MEMBER

    def __init__(self, url: str) -> None:
        self.url = url
        self.pg_dump = pg_tools.find_tool("pg_dump")  # before the lock is taken: fail early
        self.engine = pg_tools.engine_for(url)
        self.conn: Connection | None = None
        self.snapshot_id = ""

    def begin(self) -> SnapshotFacts:
        try:
            self.conn = self.engine.connect().execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True)
            self.conn.begin()
            self.snapshot_id = self.conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            facts = read_facts(lambda sql: [tuple(r) for r in self.conn.exec_driver_sql(sql).all()])
            facts.server_version = str(self.conn.exec_driver_sql("SHOW server_version").scalar_one())
            return facts
        except SQLAlchemyError as exc:
            raise BackupError(f"Datenbank nicht lesbar oder nicht eingerichtet: {type(exc.orig or exc).__name__}: "
                              f"{str(exc.orig or exc).strip()}") from exc

    def dump(self, folder: Path) -> Path:
        out = folder / "kb.pgdump"
        pg_tools.run_tool(self.pg_dump, ["--format=custom", f"--snapshot={self.snapshot_id}", "--no-password",
                                         f"--file={out}"], self.url, "pg_dump")
        return out

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        self.engine.dispose()


def database_kind(url: str) -> DatabaseKind:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return "sqlite"
    if backend == "postgresql":
        return "postgresql"
    raise BackupError(f"Sicherung für die Datenbank '{backend}' nicht unterstützt (nur SQLite und PostgreSQL)")


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Eine SQLite-Datenbank im Arbeitsspeicher lässt sich nicht sichern")
    return Path(database).expanduser().resolve()


def open_snapshot(url: str) -> Snapshot:
    if database_kind(url) == "sqlite":
        return SqliteSnapshot(sqlite_path(url))
    return PostgresSnapshot(url)
