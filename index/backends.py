"""Factories of the swappable parts: the one place that names implementations.

Callers ask for a `VectorIndex`, a `LexicalIndex` or a `Reranker` by the setting's value and only
ever see the protocol. A new backend (pgvector, PostgreSQL full-text search, OpenSearch) is one
class that passes the protocol's contract tests and one line in a table here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.lexical import Fts5LexicalIndex, LexicalIndex
from index.reranker import Reranker
from index.vector_index import FlatVectorIndex, VectorIndex

VECTOR_INDEXES: dict[str, Callable[[int, Path | None], VectorIndex]] = {
    "flat": FlatVectorIndex.in_folder,
}
LEXICAL_INDEXES: dict[str, Callable[[Path], LexicalIndex]] = {
    "fts5": Fts5LexicalIndex.in_folder,
}


def _pick(table: dict, kind: str, what: str):
    try:
        return table[kind]
    except KeyError:
        raise ValueError(f"Unbekannter {what}: {kind} (bekannt: {', '.join(table)})") from None


def create_vector_index(kind: str, dimension: int, folder: Path | None = None) -> VectorIndex:
    """The configured vector backend; `folder` is where a file-based one keeps its data."""
    return _pick(VECTOR_INDEXES, kind, "Vektorindex")(dimension, folder)


def create_lexical_index(kind: str, folder: Path) -> LexicalIndex:
    return _pick(LEXICAL_INDEXES, kind, "lexikalischer Index")(folder)


def create_reranker(model: Path | None, threads: int | None = None) -> Reranker | None:
    """A cross-encoder from a local model folder, or None when reranking is off (no folder)."""
    if model is None:
        return None
    from index.reranker import CrossEncoderReranker

    return CrossEncoderReranker(model, threads=threads)
