"""One connection to the PostgreSQL database the PostgreSQL index backends keep their tables in.

The index tables sit in the product's own database, beside the chunks, so every server process
sees the same index the moment a writer commits — nothing to reload, nothing to copy. `index/`
knows no database models: it is given a URL and owns only its tables (prefix `kb_index_`).
psycopg and pgvector are imported on first use, with a message how to install them, so the
embedded backend never needs them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

META = "kb_index_meta"
_DDL_LOCK = 72_531_001  # advisory lock: two processes creating the tables at once would collide
_META_DDL = (f"CREATE TABLE IF NOT EXISTS {META} (name TEXT PRIMARY KEY, format TEXT NOT NULL, "
             "dimension INTEGER, analysis TEXT, generation BIGINT NOT NULL, doc_count BIGINT NOT NULL DEFAULT 0, "
             "total_length BIGINT NOT NULL DEFAULT 0)")
INSTALL_HINT = "pip install 'suedwestoption-kb[postgres]'"


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL ('postgresql+psycopg://…') as libpq reads it ('postgresql://…')."""
    return re.sub(r"^postgres(?:ql)?(?:\+\w+)?://", "postgresql://", url)


def _psycopg():
    try:
        import psycopg
        from pgvector.psycopg import register_vector
    except ImportError as exc:
        raise RuntimeError(f"Der PostgreSQL-Index braucht psycopg und pgvector: {INSTALL_HINT}") from exc
    return psycopg, register_vector


class PgDatabase:
    """A lazily opened autocommit connection, reopened when the server dropped it.

    One connection per index is enough: the index set serialises its searches under one lock,
    and a write is one short transaction (`transaction()`)."""

    def __init__(self, url: str, vectors: bool = False) -> None:
        self.conninfo = libpq_url(url)
        self.vectors = vectors
        self._conn: Any = None
        self._lock = threading.RLock()

    def _connect(self) -> Any:
        psycopg, register_vector = _psycopg()
        conn = psycopg.connect(self.conninfo, autocommit=True)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
            if self.vectors:
                _create_vector_extension(conn)
            conn.execute(_META_DDL)
        if self.vectors:
            register_vector(conn)
        return conn

    @contextmanager
    def connection(self) -> Iterator[Any]:
        with self._lock:
            if self._conn is None or self._conn.closed or self._conn.broken:
                self._conn = self._connect()
            yield self._conn

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A connection inside one transaction: committed at the end, rolled back on an error."""
        with self.connection() as conn, conn.transaction():
            yield conn

    def ddl(self, conn: Any) -> None:
        """Serialise schema changes of the index tables across processes (inside a transaction)."""
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None


def _create_vector_extension(conn: Any) -> None:
    """`vector` must be installed in the database; creating it needs the right to (a managed
    PostgreSQL lets its admin role do so), hence a message that says what to do."""
    if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone():
        return
    available = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").fetchone()
    if not available:
        raise RuntimeError("Die PostgreSQL-Erweiterung 'vector' (pgvector) ist auf dem Server nicht installiert: "
                           "pgvector installieren oder KB_INDEX_BACKEND=embedded setzen")
    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except Exception as exc:
        raise RuntimeError("Die PostgreSQL-Erweiterung 'vector' fehlt in der Datenbank: einmal als Administrator "
                           "`CREATE EXTENSION vector;` ausführen oder KB_INDEX_BACKEND=embedded setzen") from exc


def read_meta(conn: Any, name: str) -> tuple | None:
    """(format, dimension, analysis, generation, doc_count, total_length) of one index, or None."""
    return conn.execute(f"SELECT format, dimension, analysis, generation, doc_count, total_length FROM {META} "
                        "WHERE name = %s", (name,)).fetchone()


def table_exists(conn: Any, table: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()[0]


def stamp(conn: Any, name: str, generation: int, exact: bool = False) -> None:
    """Record the generation an index reflects. Without `exact` it never moves back: another
    process may have stamped a later generation between this one's commit and its stamp."""
    value = "%s" if exact else f"GREATEST({META}.generation, %s)"
    conn.execute(f"UPDATE {META} SET generation = {value} WHERE name = %s", (generation, name))
