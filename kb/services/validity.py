"""Which documents are in force on a day: the read side of versions and supersession.

A document is in force on day D when it has begun (`gültig ab`, else its date, is not after D),
has not expired (`gültig bis` not before D) and was not yet superseded by a newer version or a
replacing document on D. Searches show what is in force today unless asked for a day
("Stand am", `as_of`) or for everything (`include_outdated`); pages and downloads keep every
version retrievable.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_

from kb.access import EVERYTHING
from kb.db.models import Document

VERSION, REPLACED = "version", "replaced"  # how a document was superseded


def in_force(on: date) -> ColumnElement[bool]:
    """SQL condition on `Document`: in force on that day."""
    begins = func.coalesce(Document.valid_from, Document.doc_date)
    return and_(or_(begins.is_(None), begins <= on),
                or_(Document.valid_to.is_(None), Document.valid_to >= on),
                or_(Document.superseded_on.is_(None), Document.superseded_on > on))


def currency(as_of: date | None, include_outdated: bool) -> ColumnElement[bool]:
    """The documents a search considers: in force on `as_of` (default today), or all."""
    return EVERYTHING if include_outdated else in_force(as_of or date.today())


def state_on(doc: Document, on: date) -> str:
    """'current', 'superseded', 'replaced', 'expired' or 'future' — what a notice says."""
    begins = doc.valid_from or doc.doc_date
    if doc.superseded_on is not None and doc.superseded_on <= on:
        return "replaced" if doc.supersession == REPLACED else "superseded"
    if doc.valid_to is not None and doc.valid_to < on:
        return "expired"
    if begins is not None and begins > on:
        return "future"
    return "current"
