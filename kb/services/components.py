"""The heavy parts, built on first use and shared by the services: model, indexes, retrievers.

`kb stats` or the web app's start page must not wait for 500 MB of weights, so nothing here is
built before a service asks for it. Services receive the components (a lower layer than themselves)
and never call back into the knowledge base that wired them.
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from kb.config import Settings

if TYPE_CHECKING:  # the modules themselves are imported where first used: they pull in numpy, FAISS, torch
    from index.embedder import Embedder
    from index.reranker import Reranker
    from kb.services.indexes import IndexSet
    from kb.services.search_service import SearchBackends


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
                from index.embedder import create_embedder
                from kb.services.model import model_reference, with_cache

                s, m = self.settings, self.settings.model
                model = model_reference(s) if m.embedder != "fake" else None
                self._embedder = with_cache(create_embedder(m.embedder, model, m.embed_batch_size, m.threads), s, model)
        return self._embedder

    @cached_property
    def indexes(self) -> IndexSet:
        from kb.services.indexes import open_index_set

        s = self.settings
        return open_index_set(s.storage, self.embedder.dimension, self.sessions, s.ranking.title_min_coverage)

    @property
    def reranker(self) -> Reranker | None:
        """The cross-encoder of `KB_RERANKER`, loaded at the first search that uses it."""
        with self._lock:
            if self._reranker is None and self.settings.model.reranker:
                from index.backends import create_reranker

                self._reranker = create_reranker(self.settings.model.reranker, self.settings.model.threads)
        return self._reranker

    @cached_property
    def backends(self) -> SearchBackends:
        from kb.services.search_wiring import build_backends

        return build_backends(self)

    def current(self) -> SearchBackends:
        """The backends after picking up writes of another process."""
        self.indexes.refresh_if_stale()
        return self.backends
