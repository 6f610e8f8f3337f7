"""Reading documents without a query: lists, the document page, originals, browsing, norms,
similar documents."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from kb.config import Settings
from kb.db.models import Document
from kb.services import browse, documents, similar
from kb.services.components import Components
from kb.services.schemas import DocumentDetail, DocumentInfo


class DocumentService:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session], components: Components) -> None:
        self.settings = settings
        self.sessions = sessions
        self._components = components

    def list(self, **filters) -> list[DocumentInfo]:
        with self.sessions() as session:
            return documents.list_documents(session, **filters)

    def detail(self, document_id: int) -> DocumentDetail | None:
        with self.sessions() as session:
            return documents.document_detail(session, document_id)

    def original_file(self, document_id: int) -> tuple[Path, str] | None:
        """Path of the stored original and its file name, for download links; only ever a file
        inside the store's own folder."""
        with self.sessions() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                return None
            path = (self.settings.storage.files_path / doc.stored_file).resolve()
            if self.settings.storage.files_path.resolve() not in path.parents or not path.is_file():
                return None
            return path, doc.source_name

    def browse(self, district: list[str] | None = None, doc_type: list[str] | None = None,
               sort: str = "new", limit: int = 500) -> browse.DocumentBrowse:
        with self.sessions() as session:
            return browse.browse_documents(session, district or [], doc_type or [], sort, limit)

    def norm_index(self) -> browse.NormIndex:
        with self.sessions() as session:
            return browse.norm_index(session)

    def norm_page(self, norm: str) -> browse.NormPage | None:
        with self.sessions() as session:
            return browse.norm_page(session, norm)

    def similar(self, document_id: int, n: int = 5) -> similar.SimilarDocuments | None:
        indexes = self._components.indexes
        indexes.refresh_if_stale()
        with self.sessions() as session:
            return similar.similar_documents(session, indexes.search_vectors, document_id, n)
