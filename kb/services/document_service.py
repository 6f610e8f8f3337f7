"""Reading documents without a query: lists, the document page, originals, browsing, norms,
similar documents — each only over the documents the acting principal may see."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from kb.access import INTERN, Acting, visible_documents
from kb.config import Settings
from kb.db.models import Document
from kb.services import audit, browse, documents, similar
from kb.services.comparison import Comparison, ParsedOriginals, compare
from kb.services.components import Components
from kb.services.gone import GoneDocument, gone_document
from kb.services.schemas import DocumentDetail, DocumentInfo
from kb.services.visibility import VisibleChunks, searchable


class DocumentService(Acting):
    def __init__(self, settings: Settings, sessions: sessionmaker[Session], components: Components,
                 visible: VisibleChunks | None = None) -> None:
        self.settings = settings
        self.sessions = sessions
        self._components = components
        self.visible = visible or VisibleChunks()
        self.originals = ParsedOriginals(settings.storage.files_path, settings.ingest.max_file_mb * 1_000_000,
                                         bounds=settings.ingest.limits, ocr=settings.scans.options())

    def list(self, **filters) -> list[DocumentInfo]:
        with self.sessions() as session:
            return documents.list_documents(session, visible=visible_documents(self.principal), **filters)

    def _readable(self, document_id: int) -> Document | None:
        """The document if the principal may see it (None otherwise, exactly as if it did not
        exist); an admin's read of another district's internal document is audited."""
        with self.sessions.begin() as session:
            doc = session.get(Document, document_id)
            if doc is None or not self.principal.can_see(doc.district, doc.visibility):
                return None
            if doc.visibility == INTERN and doc.district != self.principal.district and self.principal.user_id:
                audit.record(session, self.principal, "read_internal", "document", doc.id,
                             {"title": doc.title, "district": doc.district})
            session.expunge(doc)
            return doc

    def detail(self, document_id: int) -> DocumentDetail | None:
        if self._readable(document_id) is None:
            return None
        with self.sessions() as session:
            return documents.document_detail(session, document_id, visible_documents(self.principal),
                                             self.settings.scans.ocr_low_confidence)

    def gone(self, document_id: int) -> GoneDocument | None:
        """If the document was deleted: when, and its series' current version (for old links)."""
        with self.sessions() as session:
            return gone_document(session, document_id, self.principal)

    def compare(self, document_id: int, other_id: int, section: str | None = None) -> Comparison | None:
        """What changed between two documents the principal may see (None: either is not
        there for them); an original that cannot be read again raises IngestError."""
        first, second = self._readable(document_id), self._readable(other_id)
        if first is None or second is None:
            return None
        return compare(self.originals, first, second, section)

    def original_file(self, document_id: int) -> tuple[Path, str] | None:
        """Path of the stored original and its file name, for download links; only ever a file
        inside the store's own folder."""
        doc = self._readable(document_id)
        if doc is None:
            return None
        path = (self.settings.storage.files_path / doc.stored_file).resolve()
        if self.settings.storage.files_path.resolve() not in path.parents or not path.is_file():
            return None
        return path, doc.source_name

    def original_html(self, document_id: int) -> tuple[str, str] | None:
        """An HTML original as text (in the charset it declares) and its file name, for showing
        it cleaned; the same rights as the download."""
        found = self.original_file(document_id)
        if found is None:
            return None
        from ingest.parsers.html import decode_html  # bs4/lxml only when an HTML page is shown

        return decode_html(found[0].read_bytes()), found[1]

    def browse(self, district: list[str] | None = None, doc_type: list[str] | None = None,
               sort: str = "new", limit: int = 500, include_outdated: bool = False) -> browse.DocumentBrowse:
        """Lists show what is in force today, unless asked for every version."""
        with self.sessions() as session:
            return browse.browse_documents(session, district or [], doc_type or [], sort, limit,
                                           searchable(self.principal, None, include_outdated), include_outdated)

    def norm_index(self) -> browse.NormIndex:
        with self.sessions() as session:
            return browse.norm_index(session, searchable(self.principal))

    def norm_page(self, norm: str) -> browse.NormPage | None:
        """The norm in the law text in force today, and the documents in force citing it."""
        with self.sessions() as session:
            return browse.norm_page(session, norm, visible=searchable(self.principal))

    def similar(self, document_id: int, n: int = 5) -> similar.SimilarDocuments | None:
        if self._readable(document_id) is None:
            return None
        indexes = self._components.indexes
        indexes.refresh_if_stale()
        with self.sessions() as session:
            allowed = self.visible.allowed(session, self.principal)
            return similar.similar_documents(session, indexes.search_vectors, document_id, n, allowed)
