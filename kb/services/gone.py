"""What became of a document id that no longer exists: deleted when, and where its series lives on.

Ids are never reused (AUTOINCREMENT), so an old link or bookmark either opens its document or
points at a deleted one. The audit log remembers each deletion with the document's title, district,
visibility and series; from it an old link answers "gelöscht" (HTTP 410) with a link to the current
version, instead of "gibt es nicht". What the entry reveals obeys the same rule as the document did:
the title of another district's internal document stays hidden.
"""

from __future__ import annotations

import json
from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from kb.access import INTERN, Principal
from kb.db.models import AuditEntry, Document


class CurrentVersion(BaseModel):
    id: int
    title: str
    url: str


class GoneDocument(BaseModel):
    """A deleted document as its old link shows it."""

    id: int
    title: str | None  # None: the principal could not have seen the document
    deleted_on: date
    current: CurrentVersion | None = None
    detail: str = "Dieses Dokument wurde gelöscht."


def deletion_detail(doc: Document) -> dict:
    """What the audit entry of a deletion keeps, so that old links can be answered later."""
    return {"title": doc.title, "district": doc.district, "visibility": doc.visibility,
            "series": doc.series_key, "superseded_by": doc.superseded_by_id}


def gone_document(session: Session, document_id: int, principal: Principal) -> GoneDocument | None:
    """The deletion of `document_id` as `principal` may learn of it; None if it was never deleted."""
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "delete", AuditEntry.object_type == "document",
        AuditEntry.object_id == str(document_id)).order_by(AuditEntry.id.desc()).limit(1)).first()
    if entry is None:
        return None
    detail = json.loads(entry.detail or "{}")
    seen = principal.can_see(detail.get("district"), detail.get("visibility", INTERN))
    return GoneDocument(id=document_id, title=detail.get("title") if seen else None, deleted_on=entry.at.date(),
                        current=_current_version(session, detail, principal))


def _current_version(session: Session, detail: dict, principal: Principal) -> CurrentVersion | None:
    """Where the deleted document lives on: the end of its successor chain (a replacing document
    or a newer version), else the newest version of its series that nothing supersedes."""
    doc = _end_of_chain(session, detail.get("superseded_by"))
    if doc is None and detail.get("series"):
        doc = session.scalars(select(Document).where(
            Document.series_key == detail["series"], Document.superseded_by_id.is_(None))
            .order_by(Document.version.desc(), Document.id.desc()).limit(1)).first()
    if doc is None or not principal.can_see(doc.district, doc.visibility):
        return None
    return CurrentVersion(id=doc.id, title=doc.title, url=f"/dokument/{doc.id}")


def _end_of_chain(session: Session, successor: int | None, limit: int = 100) -> Document | None:
    """Follow `superseded_by` to the document nothing supersedes (bounded: a cycle ends the walk)."""
    doc = session.get(Document, successor) if successor else None
    for _ in range(limit):
        if doc is None or doc.superseded_by_id is None:
            return doc
        doc = session.get(Document, doc.superseded_by_id)
    return doc
