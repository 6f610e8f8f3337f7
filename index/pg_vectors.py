"""The vector index in PostgreSQL: a pgvector column with an HNSW index (cosine).

Why: several server processes (or hosts) share one index without files to reload, and the
index grows with the database instead of with each process's memory. An instance behaves like
the FAISS one: it is empty until `load()` finds a usable saved state; `clear()`, or the first change
to an instance that loaded none, starts a rebuild in a table of its own, which `save()` puts in
place of the shared one in one transaction (other processes search the old one until then).
HNSW gives approximate neighbours; `ef_search` (candidates per query) trades speed for recall and
is raised to k for large k. Filtered searches scan on (`hnsw.iterative_scan`) until k allowed
chunks are found, in exact distance order. Equal scores rank the higher id first, as FAISS does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.pg import META, PgDatabase, read_meta, stamp, table_exists
from index.vector_index import checked_vectors

TABLE = "kb_index_vectors"
NEXT = "kb_index_vectors_rebuild"  # a rebuild's table until it is published
_REBUILD_LOCK = 72_531_002
NAME = "vectors"
FORMAT = "kbpgvec1"
_EMPTY = (np.zeros(0, np.int64), np.zeros(0, np.float32))


class PgVectorIndex:
    """Chunk vectors in a pgvector column; scores are cosine similarities (1 = same direction)."""

    shared = True  # every process sees the same table: a reader never rebuilds it for a lag

    def __init__(self, dimension: int, url: str, ef_search: int = 100, build_memory: str = "2GB",
                 build_workers: int = 1) -> None:
        self.dimension = dimension
        self.build = {"maintenance_work_mem": build_memory, "max_parallel_maintenance_workers": str(build_workers)}
        self.generation = -1
        self.ef_search = ef_search
        self.db = PgDatabase(url, vectors=True)
        self._table: str | None = None  # None: empty (nothing loaded); TABLE: the shared one; NEXT: a rebuild

    @classmethod
    def in_database(cls, dimension: int, folder: Path | None, url: str | None, **options) -> PgVectorIndex:
        if not url:
            raise ValueError("Der Vektorindex 'pgvector' braucht eine PostgreSQL-Datenbank (KB_DATABASE_URL)")
        return cls(dimension, url, **options)

    # -- state -------------------------------------------------------------------------------
    def load(self) -> bool:
        """A saved state of this format and dimension, with its table, is the index; anything
        else (no table, a foreign or damaged stamp, another model's dimension) is none."""
        self._abandon()
        with self.db.connection() as conn:
            meta = read_meta(conn, NAME)
            usable = (meta is not None and meta[0] == FORMAT and meta[1] == self.dimension and meta[3] >= 0
                      and table_exists(conn, TABLE) and _column_type(conn, TABLE) == f"vector({self.dimension})")
        if usable:
            self._table, self.generation = TABLE, int(meta[3])
        return usable

    def save(self, generation: int) -> None:
        """Rows are durable when written; the stamp records the generation they reflect. A
        rebuild is published here: its table replaces the shared one in one transaction."""
        if self._table is None:
            self._stage()
        if self._table == NEXT:
            self._publish(generation)
            return
        with self.db.transaction() as conn:
            stamp(conn, NAME, generation)
            self.generation = int(read_meta(conn, NAME)[3])

    def _stage(self) -> None:
        """Start a rebuild in a table of its own: other processes search the shared table until
        `save` publishes this one. One rebuild at a time (a session lock, freed if we die)."""
        with self.db.connection() as conn:
            if self._table != NEXT:
                conn.execute("SELECT pg_advisory_lock(%s)", (_REBUILD_LOCK,))
            conn.execute(f"DROP TABLE IF EXISTS {NEXT}")
            conn.execute(f"CREATE TABLE {NEXT} (id BIGINT PRIMARY KEY, embedding vector({int(self.dimension)}) "
                         "NOT NULL)")
        self._table, self.generation = NEXT, -1

    def _publish(self, generation: int) -> None:
        with self.db.connection() as conn:
            for name, value in self.build.items():  # the graph in memory: a build on disk is many times slower
                conn.execute("SELECT set_config(%s, %s, false)", (name, value))
            conn.execute(f"CREATE INDEX {NEXT}_hnsw ON {NEXT} USING hnsw (embedding vector_cosine_ops)")
            with conn.transaction():
                self.db.ddl(conn)
                conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
                for old, new in ((NEXT, TABLE), (f"{NEXT}_pkey", f"{TABLE}_pkey"), (f"{NEXT}_hnsw", f"{TABLE}_hnsw")):
                    kind = "TABLE" if old == NEXT else "INDEX"
                    conn.execute(f"ALTER {kind} {old} RENAME TO {new}")
                conn.execute(f"INSERT INTO {META} (name, format, dimension, generation) VALUES (%s, %s, %s, %s) "
                             "ON CONFLICT (name) DO UPDATE SET format = excluded.format, "
                             "dimension = excluded.dimension, generation = excluded.generation",
                             (NAME, FORMAT, self.dimension, generation))
            conn.execute("SELECT pg_advisory_unlock(%s)", (_REBUILD_LOCK,))
        self._table, self.generation = TABLE, generation

    def _abandon(self) -> None:
        """Drop a rebuild that was never published."""
        if self._table == NEXT:
            with self.db.connection() as conn:
                conn.execute(f"DROP TABLE IF EXISTS {NEXT}")
                conn.execute("SELECT pg_advisory_unlock(%s)", (_REBUILD_LOCK,))
        self._table = None

    # -- changing ----------------------------------------------------------------------------
    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        vectors = checked_vectors(ids, vectors, self.dimension)
        if self._table is None:
            self._stage()
        rows = [(int(i), v) for i, v in zip(ids, vectors, strict=True)]
        with self.db.transaction() as conn, conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {self._table} (id, embedding) VALUES (%s, %s) "
                            "ON CONFLICT (id) DO UPDATE SET embedding = excluded.embedding", rows)

    def remove(self, ids: np.ndarray) -> None:
        if len(ids) and self._table:
            with self.db.transaction() as conn:
                conn.execute(f"DELETE FROM {self._table} WHERE id = ANY(%s)", ([int(i) for i in ids],))

    def clear(self) -> None:
        self._stage()

    # -- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        if not self._table:
            return 0
        with self.db.connection() as conn:
            return int(conn.execute(f"SELECT count(*) FROM {self._table}").fetchone()[0])

    def ids(self) -> np.ndarray:
        if not self._table:
            return np.zeros(0, np.int64)
        with self.db.connection() as conn:
            rows = conn.execute(f"SELECT id FROM {self._table} ORDER BY id").fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.dimension:
            raise ValueError(f"Anfragevektor der Dimension {q.shape[0]} ≠ Index {self.dimension}")
        if not self._table or k <= 0 or (allowed is not None and len(allowed) == 0):
            return _EMPTY
        where, params = "", [q]
        if allowed is not None:
            where, params = "WHERE id = ANY(%s)", [q, [int(i) for i in allowed]]
        with self.db.transaction() as conn:
            _tune(conn, max(self.ef_search, min(k, 1000)))
            rows = conn.execute(f"SELECT id, embedding <=> %s AS distance FROM {self._table} {where} "
                                "ORDER BY distance, id DESC LIMIT %s", [*params, int(k)]).fetchall()
        if not rows:
            return _EMPTY
        return (np.array([r[0] for r in rows], np.int64),
                1.0 - np.array([r[1] for r in rows], np.float32))

    def close(self) -> None:
        self.db.close()


def _tune(conn, ef_search: int) -> None:
    """Candidates per query for this transaction, and scanning on past filtered-out rows."""
    conn.execute("SELECT set_config('hnsw.ef_search', %s, true), set_config('hnsw.iterative_scan', "
                 "'strict_order', true)", (str(ef_search),))


def _column_type(conn, table: str) -> str | None:
    row = conn.execute("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                       "WHERE attrelid = %s::regclass AND attname = 'embedding'", (table,)).fetchone()
    return row[0] if row else None
