"""The knowledge base's retrieval backends behind the searcher's `Retrieval` interface."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, lru_cache

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ingest import citations
from index.embedder import Embedder
from index.vocabulary import Vocabulary
from kb.db.models import Chunk, ChunkNorm
from kb.services.highlight import Highlighter
from kb.services.indexes import IndexSet
from kb.services.search_service import QueryPlan, Ranked


class IndexRetrieval:
    def __init__(self, indexes: IndexSet, embedder: Callable[[], Embedder],
                 sessions: sessionmaker[Session]) -> None:
        self.indexes = indexes
        self._embedder = embedder
        self.sessions = sessions

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.load()

    @cached_property
    def highlighter(self) -> Highlighter:
        return Highlighter(self._embedder().embed_passages)

    def query_vector(self, text: str) -> np.ndarray:
        """Cached: the same query is embedded once for retrieval and for highlighting."""
        return self._query_vector(text)

    @lru_cache(maxsize=256)  # noqa: B019 - one retrieval object per knowledge base
    def _query_vector(self, text: str) -> np.ndarray:
        return self._embedder().embed_queries([text])[0]

    def highlight(self, text: str, passages: list[str]) -> list[list[tuple[int, int, float]]]:
        return self.highlighter.highlight(self.query_vector(text), passages)

    def analyze(self, text: str) -> list[str]:
        return self.indexes.lexical.index.query_terms(text)

    def plan(self, text: str) -> QueryPlan:
        terms = self.analyze(text)
        expansion = self.vocabulary.expand(text)
        synonym_terms = [t for t in self.analyze(" ".join(expansion)) if t not in terms]
        norms = citations.norm_ids(text, level="paragraph")
        hinted = [_paragraph_level(n) for n in self.vocabulary.norms_for(text)]
        return QueryPlan(text, terms, synonym_terms, norms, list(dict.fromkeys(hinted)))

    def dense(self, text: str, allowed: np.ndarray | None, n: int) -> Ranked:
        vector = self.query_vector(text)
        ids, scores = self.indexes.search_vectors(vector, n, allowed)
        return [(int(i), float(s)) for i, s in zip(ids, scores)]

    def lexical(self, terms: list[str], allowed: np.ndarray | None, n: int) -> Ranked:
        return self.indexes.search_lexical(terms, n, allowed)

    def norm_chunks(self, norms: list[str], relation: str, allowed: np.ndarray | None,
                    n: int) -> Ranked:
        """Chunks that are (law text) or cite a norm, in document order."""
        stmt = (select(Chunk.id).join(ChunkNorm, ChunkNorm.chunk_id == Chunk.id)
                .where(ChunkNorm.norm.in_(norms), ChunkNorm.relation == relation)
                .order_by(Chunk.document_id, Chunk.ordinal).limit(n * 4))
        with self.sessions() as session:
            ids = list(dict.fromkeys(session.scalars(stmt)))
        if allowed is not None:
            keep = set(allowed.tolist())
            ids = [i for i in ids if i in keep]
        return [(cid, 1.0) for cid in ids[:n]]


def _paragraph_level(norm: str) -> str:
    return norm.split(" Abs.")[0]
