"""Changing a document's metadata and visibility: checked for the acting principal, audited in
the same transaction, effective in the next search.

Visibility and metadata live in the database, not in the indexes: a change moves the store's
access epoch on (which drops every cached list of visible chunks) and leaves the indexes as
they are, so it costs no rebuild.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from filelock import FileLock
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from ingest.errors import IngestError
from ingest.metadata import MetaHints, parse_visibility
from ingest.models import DocType
from kb.access import INTERN, Acting, check_edit, document_visibility
from kb.db.models import Document
from kb.services import audit, store, versions
from kb.services.documents import info
from kb.services.schemas import DocumentInfo


class MetadataChange(BaseModel):
    """Fields to change; None leaves a field as it is. The validity dates named in
    `set_dates` are set (None then clears a date); `replaces` marks the document as replacing
    another one (id, key or file name)."""

    title: str | None = None
    doc_type: DocType | None = None
    date: dt.date | None = None
    visibility: str | None = None
    set_dates: set[Literal["valid_from", "valid_to"]] = set()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    replaces: str | None = None


class Editing(Acting):
    def __init__(self, sessions: sessionmaker[Session], write_lock: FileLock) -> None:
        self.sessions = sessions
        self.write_lock = write_lock

    def update(self, document_id: int, change: MetadataChange) -> DocumentInfo | None:
        """Apply the change; None: no such document (or none the principal may see)."""
        wanted = self._validated(change)
        with self.write_lock, self.sessions.begin() as session:
            doc = session.get(Document, document_id)
            if doc is None or not self.principal.can_see(doc.district, doc.visibility):
                return None
            check_edit(self.principal, doc.district)
            if change.set_dates:
                self._check_dates(doc, wanted)
            if wanted.get("visibility") == INTERN:
                document_visibility(INTERN, doc.district, INTERN)  # refuses a document without district
            changed = {k: (getattr(doc, k), v) for k, v in wanted.items() if getattr(doc, k) != v}
            if changed:
                self._apply(session, doc, changed)
            if change.replaces:
                self._replace(session, doc, change.replaces)
            return info(doc)

    def _replace(self, session: Session, doc: Document, ref: str) -> None:
        """Mark `doc` as replacing the referenced document, from `doc`'s start (or today)."""
        old = versions.replaced_document(session, ref, self.principal)
        if old.id == doc.id or old.series_key == doc.series_key:
            raise IngestError("Ein Dokument kann sich nicht selbst oder eine eigene Fassung ersetzen.")
        versions.mark_replaced(session, old, doc, self.principal, dt.date.today())
        audit.record(session, self.principal, "replaces", "document", doc.id,
                     {"title": doc.title, "replaces": old.id, "replaced_title": old.title})
        store.bump_generation(session, store.ACCESS)

    def _validated(self, change: MetadataChange) -> dict:
        """Column → new value, checked before anything is touched."""
        wanted: dict = {}
        if change.title is not None:
            title = " ".join(change.title.split())
            if not title:
                raise IngestError("Der Titel darf nicht leer sein.")
            wanted["title"] = title[:1000]
        if change.doc_type is not None:
            wanted["doc_type"] = change.doc_type.value
        if change.date is not None:
            wanted["doc_date"] = change.date
        if change.visibility is not None:
            wanted["visibility"] = parse_visibility(change.visibility)
        wanted |= {name: getattr(change, name) for name in change.set_dates}
        return wanted

    @staticmethod
    def _check_dates(doc: Document, wanted: dict) -> None:
        MetaHints(valid_from=wanted.get("valid_from", doc.valid_from),
                  valid_to=wanted.get("valid_to", doc.valid_to)).checked("Gültigkeit")

    def _apply(self, session: Session, doc: Document, changed: dict) -> None:
        for column, (_old, new) in changed.items():
            setattr(doc, column, new)
        store.touch(doc)
        if "valid_from" in changed:
            versions.moved_start(session, doc, dt.date.today())
        detail = {k: {"von": str(old), "nach": str(new)} for k, (old, new) in changed.items()}
        if "visibility" in changed:
            audit.record(session, self.principal, "visibility", "document", doc.id,
                         {"title": doc.title, "from": changed["visibility"][0], "to": changed["visibility"][1]})
        if set(changed) - {"visibility"}:
            audit.record(session, self.principal, "metadata", "document", doc.id,
                         {k: v for k, v in detail.items() if k != "visibility"})
        store.bump_generation(session, store.ACCESS)
