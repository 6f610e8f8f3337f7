"""Factories of the swappable parts: the one place that names implementations.

Callers ask for a `VectorIndex`, a `LexicalIndex` or a `Reranker` by the setting's value and only
ever see the protocol. A new backend (pgvector, PostgreSQL full-text search, OpenSearch) is one
class that passes the protocol's contract tests and one line in a table here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.ivf_index import IvfVectorIndex
from index.lexical import Fts5LexicalIndex, LexicalIndex
from index.pg_lexical import PgLexicalIndex
from index.pg_vectors import PgVectorIndex
from index.reranker import Reranker
from index.vector_index import FlatVectorIndex, VectorIndex

# Each factory takes where the data may live — a folder (file-based backends) and a database URL
# (PostgreSQL backends) — plus the backend's own options; it uses what it needs.
VECTOR_INDEXES: dict[str, Callable[..., VectorIndex]] = {
    "flat": lambda dimension, folder, url=None: FlatVectorIndex.in_folder(dimension, folder),
    "ivf": lambda dimension, folder, url=None, **options: IvfVectorIndex.in_folder(dimension, folder, **options),
    "pgvector": PgVectorIndex.in_database,
}
LEXICAL_INDEXES: dict[str, Callable[..., LexicalIndex]] = {
    "fts5": lambda folder, url=None: Fts5LexicalIndex.in_folder(folder),
    "postgres": PgLexicalIndex.in_database,
}
DATABASE_BACKENDS = frozenset({"pgvector", "postgres"})  # kinds that keep their data in PostgreSQL


def _pick(table: dict, kind: str, what: str):
    try:
        return table[kind]
    except KeyError:
        raise ValueError(f"Unbekannter {what}: {kind} (bekannt: {', '.join(table)})") from None


def create_vector_index(kind: str, dimension: int, folder: Path | None = None, url: str | None = None,
                        **options) -> VectorIndex:
    """The configured vector backend; `folder` is where a file-based one keeps its data, `url`
    the database of a PostgreSQL one (options such as `ef_search` go to the backend)."""
    return _pick(VECTOR_INDEXES, kind, "Vektorindex")(dimension, folder, url, **options)


def create_lexical_index(kind: str, folder: Path, url: str | None = None, **options) -> LexicalIndex:
    return _pick(LEXICAL_INDEXES, kind, "lexikalischer Index")(folder, url, **options)


def create_reranker(model: Path | None, threads: int | None = None) -> Reranker | None:
    """A cross-encoder from a local model folder, or None when reranking is off (no folder)."""
    if model is None:
        return None
    from index.reranker import CrossEncoderReranker

    return CrossEncoderReranker(model, threads=threads)
