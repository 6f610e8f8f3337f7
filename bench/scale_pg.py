"""pgvector HNSW figures for bench/scale.py, in a scratch database of the server given.

The index is built through the product's own `PgVectorIndex` (rows staged, then the HNSW index
created and published by `save`), so the build time is what `kb reindex` pays.
"""

from __future__ import annotations

import time
import uuid

import numpy as np
from scale import DIM, delete_ms, percentiles, recall, timed


def scratch_database(url: str):
    """A fresh database on the server of `url`, dropped afterwards (a generator: next() gives the URL)."""
    import psycopg

    from index.pg import libpq_url

    name = f"kb_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(libpq_url(url), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pgvector_row(n: int, url: str, vectors: np.ndarray, queries: np.ndarray, ef_search: int = 100) -> dict:
    from index.pg_vectors import PgVectorIndex
    from index.vector_index import FlatVectorIndex

    exact = FlatVectorIndex(DIM)
    exact.add(np.arange(n), vectors)
    truth = [exact.search(q, 10) for q in queries]
    database = scratch_database(url)
    index = PgVectorIndex(DIM, next(database), ef_search=ef_search)
    row: dict = {"chunks": n, "ef_search": ef_search}
    try:
        started = time.perf_counter()
        for start in range(0, n, 10_000):
            index.add(np.arange(start, min(n, start + 10_000)), vectors[start:start + 10_000])
        index.save(1)
        row["build hnsw s"] = round(time.perf_counter() - started, 1)
        found, millis = timed(lambda q: index.search(q, 10), queries)
        row["dense hnsw ms p50/p95"] = percentiles(millis)
        row["recall@10"] = round(recall(found, truth), 3)
        row["delete ms"] = round(delete_ms(index.remove, n), 2)
        with index.db.connection() as conn:
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        row["database bytes/chunk"] = round(size / n)
    finally:
        index.close()
        next(database, None)
    return row
