"""PostgreSQL figures for bench/scale.py, in a scratch database of the server given.

The vector index is built through the product's own `PgVectorIndex` (rows staged, then the HNSW
index created and published by `save`), so the build time is what `kb reindex` pays. The
full-text index is `PgLexicalIndex` with the same paragraphs as FTS5 (each analysed once, then
written as often as it recurs, as bench/scale.py does for FTS5); lexical and hybrid (HNSW top 50 +
full-text top 50, RRF) are timed like the embedded ones, without the query embedding.
"""

from __future__ import annotations

import json
import time
import uuid

import numpy as np
from scale import DIM, QUESTIONS, delete_ms, percentiles, recall, timed


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


def pg_row(n: int, url: str, vectors: np.ndarray, queries: np.ndarray, pool: list | None = None,
           ef_search: int = 100) -> dict:
    """pgvector and, with `pool`, full-text and hybrid figures for `n` chunks in one scratch database."""
    database = scratch_database(url)
    scratch = next(database)
    try:
        row, index = pgvector_row(n, scratch, vectors, queries, ef_search)
        if pool:
            lexical = pg_lexical(n, scratch, pool, row)
            pg_searches(index, lexical, queries, row)
            lexical.close()
        with index.db.connection() as conn:
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        row["database bytes/chunk"] = round(size / n)
        index.close()
    finally:
        next(database, None)
    return row


def pgvector_row(n: int, url: str, vectors: np.ndarray, queries: np.ndarray, ef_search: int = 100):
    """(figures, index): HNSW built from `vectors`, searched with `queries`, recall against exact."""
    from index.pg_vectors import PgVectorIndex
    from index.vector_index import FlatVectorIndex

    exact = FlatVectorIndex(DIM)
    exact.add(np.arange(n), vectors)
    truth = [exact.search(q, 10) for q in queries]
    index = PgVectorIndex(DIM, url, ef_search=ef_search)
    row: dict = {"chunks": n, "ef_search": ef_search}
    started = time.perf_counter()
    for start in range(0, n, 10_000):
        index.add(np.arange(start, min(n, start + 10_000)), vectors[start:start + 10_000])
    index.save(1)
    row["build hnsw s"] = round(time.perf_counter() - started, 1)
    found, millis = timed(lambda q: index.search(q, 10), queries)
    row["dense hnsw ms p50/p95"] = percentiles(millis)
    row["recall@10"] = round(recall(found, truth), 3)
    row["delete ms"] = round(delete_ms(index.remove, n), 2)
    return row, index


def pg_lexical(n: int, url: str, pool: list, row: dict):
    """The full-text index with `n` chunks: the pool analysed once, its rows written round-robin."""
    from index.pg import stamp
    from index.pg_lexical import PgLexicalIndex

    index = PgLexicalIndex(url)
    started = time.perf_counter()
    analysed = index._rows(range(len(pool)), [(h, b, "") for h, b in pool])
    with index.db.transaction() as conn:
        for start in range(0, n, 20_000):
            rows = [(i, *analysed[i % len(analysed)][1:]) for i in range(start, min(n, start + 20_000))]
            index._write(conn, [], rows)
        stamp(conn, "lexical", 1, exact=True)
    with index.db.connection() as conn:
        conn.execute("ANALYZE kb_index_terms, kb_index_postings")
    row["build full-text s"] = round(time.perf_counter() - started, 1)
    row["delete full-text ms"] = round(delete_ms(lambda ids: index.remove(ids, 2), n), 2)
    return index


def pg_searches(vectors, lexical, queries: np.ndarray, row: dict) -> None:
    from index.fusion import reciprocal_rank_fusion

    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    terms = [lexical.query_terms(q) for q in questions]
    _, millis = timed(lambda t: lexical.search(t, 50), terms)
    row["lexical ms p50/p95"] = percentiles(millis)

    def hybrid(i: int):
        ids, scores = vectors.search(queries[i % len(queries)], 50)
        dense = list(zip(ids.tolist(), scores.tolist(), strict=True))
        return reciprocal_rank_fusion([(dense, 1.0), (lexical.search(terms[i % len(terms)], 50), 1.0)])[:10]

    _, millis = timed(hybrid, range(min(len(queries), len(terms))))
    row["hybrid ms p50/p95"] = percentiles(millis)
