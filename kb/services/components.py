"""The heavy parts, built on first use and shared by the services: model, indexes, retrievers.

`kb stats` or the web app's start page must not wait for 500 MB of weights, so nothing here is
built before a service asks for it. Services receive the components (a lower layer than themselves)
and never call back into the knowledge base that wired them.
"""

from __future__ import annotations

import threading
from functools import cached_property

from sqlalchemy.orm import Session, sessionmaker

from index.backends import create_reranker
from index.embedder import Embedder, create_embedder
from index.reranker import Reranker
from kb.config import Settings
from kb.services.highlight import AnswerMarker, Highlighter
from kb.services.indexes import IndexSet, open_index_set
from kb.services.model import model_reference, with_cache
from kb.services.query_plan import QueryPlanner
from kb.services.rerank import RerankStage
from kb.services.retrievers import DenseRetriever, LexicalRetriever, NormCatalog
from kb.services.search_service import SearchBackends
from kb.services.sources import Retrievers, build_sources
from kb.services.spelling_check import SpellingCheck


class Components:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session], embedder: Embedder | None = None,
                 reranker: Reranker | None = None) -> None:
        self.settings = settings
        self.sessions = sessions
        self._embedder = embedder
        self._reranker = reranker
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                s, m = self.settings, self.settings.model
                model = model_reference(s) if m.embedder != "fake" else None
                self._embedder = with_cache(create_embedder(m.embedder, model, m.embed_batch_size, m.threads), s, model)
        return self._embedder

    @cached_property
    def indexes(self) -> IndexSet:
        s = self.settings
        return open_index_set(s.storage, self.embedder.dimension, self.sessions, s.ranking.title_min_coverage)

    @property
    def reranker(self) -> Reranker | None:
        """The cross-encoder of `KB_RERANKER`, loaded at the first search that uses it."""
        with self._lock:
            if self._reranker is None and self.settings.model.reranker:
                self._reranker = create_reranker(self.settings.model.reranker, self.settings.model.threads)
        return self._reranker

    @cached_property
    def backends(self) -> SearchBackends:
        s, indexes = self.settings, self.indexes
        dense = DenseRetriever(indexes, lambda: self.embedder)
        norms = NormCatalog(self.sessions, lambda: indexes.lexical.generation)
        planner = QueryPlanner(indexes.analyzer, indexes.lexical.query_terms, norms.norm_titles)
        retrievers = Retrievers(dense, LexicalRetriever(indexes, s.ranking.proximity_distance), norms)
        sources, second_pass = build_sources(retrievers, s.ranking)
        return SearchBackends(
            retrievers=retrievers, planner=planner, sources=sources, second_pass=second_pass,
            spelling=SpellingCheck(indexes, self.sessions, lambda: planner.vocabulary, planner.analyze),
            answers=AnswerMarker(dense.query_vector,
                                 Highlighter(lambda texts: self.embedder.embed_passages(texts), planner.analyze)),
            rerank=RerankStage(lambda: self.reranker, self.sessions, s.ranking.rerank_depth, s.ranking.rerank_weight))

    def current(self) -> SearchBackends:
        """The backends after picking up writes of another process."""
        self.indexes.refresh_if_stale()
        return self.backends
