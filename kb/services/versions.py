"""Versions and supersession at write time: which document a new one continues or replaces.

A document keeps its history: a changed file under the same key (source path, sidecar `key`
within a district, or — for a law text — the same law) becomes a new *version* of the same
series; a document stating `replaces` ends another one (`ersetzt`, also across series and
districts). Nothing is deleted: the older document stays stored, indexed and retrievable, and
`kb.services.validity` decides from the dates below which of them a search shows on a day.

The older document records when it stopped being current (`superseded_on`): the new document's
`gültig ab`, or the day it arrived. A later version or a replacing document without a stated
`gültig ab` gets that day as its start, so that no day ever shows both.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ingest.errors import IngestError
from ingest.legal import NETWORK, current_law_name
from ingest.models import DocType, DocumentMeta
from kb.access import Principal, check_edit
from kb.db.models import Document
from kb.services import store
from kb.services.validity import REPLACED, VERSION


def series_key(meta: DocumentMeta, source_key: str) -> str:
    """The key all versions of this document share."""
    if meta.key:
        return f"key:{meta.district or NETWORK}:{meta.key}"
    if meta.doc_type == DocType.GESETZ and meta.norm:
        return law_series(meta.norm)
    return source_key


def law_series(law: str) -> str:
    """The series of a law's texts under its name of today: the Bürgergeld-V and the GrusiGV
    are one ordinance, renamed (`ingest.legal.RENAMED`)."""
    return f"law:{current_law_name(law)}"


def current_of(session: Session, series: str, other_than: int | None = None) -> Document | None:
    """The newest version of a series (None: the series is new)."""
    stmt = select(Document).where(Document.series_key == series)
    if other_than is not None:
        stmt = stmt.where(Document.id != other_than)
    return session.scalar(stmt.order_by(Document.version.desc(), Document.id.desc()).limit(1))


def replaced_document(session: Session, ref: str | None, principal: Principal) -> Document | None:
    """The document a `replaces` reference names: id, source key or unique file name."""
    if not ref:
        return None
    doc = store.find_document(session, ref.strip())
    if doc is None or not principal.can_see(doc.district, doc.visibility):
        raise IngestError(f"'ersetzt' verweist auf ein unbekanntes Dokument: {ref}")
    return doc


def attach(session: Session, doc: Document, series: str, principal: Principal, today: date,
           replaces: str | None = None) -> Document | None:
    """Place a just inserted document in its series and end what it continues or replaces;
    returns the document it made a version of (None: a new series)."""
    previous = current_of(session, series, other_than=doc.id)
    replaced = replaced_document(session, replaces, principal)
    doc.series_key, doc.created_by = series, principal.login
    if previous is not None:
        _same_district(previous, doc, series)
        check_edit(principal, previous.district)
        doc.version = previous.version + 1
        doc.valid_from = doc.valid_from or today
        _supersede(previous, doc, VERSION)
    if replaced is not None and replaced.id != doc.id:
        mark_replaced(session, replaced, doc, principal, today)
    return previous


def _same_district(previous: Document, doc: Document, series: str) -> None:
    """A version stays in its district (a law text belongs to the network): a file of the same
    name from another district is refused, never taken as a new version of the other's."""
    if previous.district != doc.district and not series.startswith("law:"):
        raise IngestError(f"Unter diesem Namen gibt es schon ein Dokument von {previous.district or NETWORK}; "
                          "bitte den Kreis angeben oder die Datei umbenennen.")


def mark_replaced(session: Session, old: Document, new: Document, principal: Principal, today: date) -> None:
    """`new` replaces `old` (`ersetzt`), also across districts: who may change `old` decides."""
    check_edit(principal, old.district)
    new.valid_from = new.valid_from or today
    _supersede(old, new, REPLACED)


def _supersede(old: Document, new: Document, how: str) -> None:
    old.superseded_by_id, old.supersession = new.id, how
    old.superseded_on = new.valid_from or date.today()
    store.touch(old)


def moved_start(session: Session, doc: Document, today: date) -> None:
    """`doc`'s `gültig ab` changed: what it supersedes now ends on the new day."""
    session.execute(update(Document).where(Document.superseded_by_id == doc.id)
                    .values(superseded_on=doc.valid_from or today))


def before_delete(session: Session, doc: Document) -> None:
    """Documents `doc` superseded pass to its own successor, or become current again."""
    successor = doc.superseded_by_id
    values = ({"superseded_by_id": successor} if successor is not None
              else {"superseded_by_id": None, "superseded_on": None, "supersession": None})
    session.execute(update(Document).where(Document.superseded_by_id == doc.id).values(**values))


def history(session: Session, doc: Document) -> list[Document]:
    """All versions of the document's series, oldest first."""
    return list(session.scalars(select(Document).where(Document.series_key == doc.series_key)
                                .order_by(Document.version, Document.id)))
