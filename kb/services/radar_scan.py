"""Finding the documents a new version of a law may have made outdated.

A document is flagged for a version pair (old → new) of a law when it cites a norm of that law
which the new version changed or repealed, and it dates from before the new version took effect.
Rules, and why:

- Citations are compared at paragraph level: `chunk_norms` holds "SGB II § 15" also for a
  citation of "§ 15 Abs. 2" (`ingest.citations.norm_ids(level="paragraph")`), and the diff reports
  states per paragraph. A change in any Absatz of § 15 therefore flags every document citing § 15 —
  a circular on Abs. 2 may rely on a definition in Abs. 1, and a false alarm costs one click,
  a missed change a wrong decision.
- A renumbered norm is what the diff reports: the old number repealed, the new one new; citing the
  old number flags. A new norm flags nothing (nobody cited it before).
- The document's day is its `gültig ab`, else its date, else the day it was read in; the law's day
  is the new version's `gültig ab`, else the day it was read in. Only earlier documents are flagged:
  a circular written for the new law has taken it into account.
- Law texts themselves are never flagged; their changes are the change page.
- One flag per document and new law version: scanning again adds nothing (idempotent).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ingest.legal import former_law_names
from kb.db.models import Chunk, ChunkNorm, Document, RadarFlag
from kb.domain import DocType
from kb.services.radar_schemas import STATES, RadarFlagOut, radar_norms

FLAGGING_STATES = ("changed", "repealed")
Old, New = aliased(Document), aliased(Document)


def document_day(doc: Document) -> date:
    return doc.valid_from or doc.doc_date or doc.created_at.date()


def law_day(doc: Document) -> date:
    return doc.valid_from or doc.created_at.date()


def affected_norms(law: str, states: dict[str, str]) -> dict[str, str]:
    """Norm id as documents cite it ("SGB II § 15", also under a former name) → changed | repealed."""
    names = (law, *former_law_names(law))
    return {f"{name} {number}": state for number, state in states.items() if state in FLAGGING_STATES
            for name in names}


def citing_documents(session: Session, norms: dict[str, str], before: date,
                     only: int | None = None) -> dict[int, dict[str, str]]:
    """Documents (no law texts) dated before `before` that cite any of `norms`: id → their norms."""
    if not norms:
        return {}
    stmt = (select(Document, ChunkNorm.norm).join(Chunk, Chunk.document_id == Document.id)
            .join(ChunkNorm, ChunkNorm.chunk_id == Chunk.id)
            .where(ChunkNorm.norm.in_(list(norms)), Document.doc_type != DocType.GESETZ.value))
    if only is not None:
        stmt = stmt.where(Document.id == only)
    found: dict[int, dict[str, str]] = {}
    for doc, norm in session.execute(stmt):
        if document_day(doc) < before:
            found.setdefault(doc.id, {})[norm] = norms[norm]
    return found


def add_flags(session: Session, law: str, old: Document, new: Document, states: dict[str, str],
              only: int | None = None) -> list[int]:
    """Flag what the pair makes possibly outdated, skipping documents flagged for `new` already;
    returns the ids of the new flags."""
    citing = citing_documents(session, affected_norms(law, states), law_day(new), only)
    known = set(session.scalars(select(RadarFlag.document_id).where(RadarFlag.new_law_id == new.id)))
    flags = [RadarFlag(document_id=doc_id, law=law, old_law_id=old.id, new_law_id=new.id,
                       norms=dict(sorted(norms.items())), state="offen")
             for doc_id, norms in sorted(citing.items()) if doc_id not in known]
    session.add_all(flags)
    session.flush()
    return [f.id for f in flags]


def outdated_norms(session: Session, document_ids: list[int]) -> dict[int, list[str]]:
    """Document id → the norms of its open flags, for a page of hits in one query."""
    if not document_ids:
        return {}
    rows = session.execute(select(RadarFlag.document_id, RadarFlag.norms)
                           .where(RadarFlag.document_id.in_(set(document_ids)), RadarFlag.state == "offen"))
    found: dict[int, set[str]] = {}
    for doc_id, norms in rows:
        found.setdefault(doc_id, set()).update(norms)
    return {doc_id: sorted(norms) for doc_id, norms in found.items()}


def flags_query():
    """Flags with their document and the two law versions (for `flag_out`)."""
    return (select(RadarFlag, Document, Old, New).select_from(RadarFlag)
            .join(Document, Document.id == RadarFlag.document_id)
            .join(Old, Old.id == RadarFlag.old_law_id).join(New, New.id == RadarFlag.new_law_id))


def flag_out(flag: RadarFlag, doc: Document, old: Document, new: Document) -> RadarFlagOut:
    return RadarFlagOut(
        id=flag.id, document_id=doc.id, title=doc.title, district=doc.district, visibility=doc.visibility,
        doc_day=document_day(doc), law=flag.law, old_law_id=old.id, new_law_id=new.id,
        old_version=old.version, new_version=new.version, law_valid_from=law_day(new),
        norms=radar_norms(flag.norms), state=flag.state, state_label=STATES.get(flag.state, flag.state),
        replaced_by_id=flag.replaced_by_id, checked_by=flag.checked_by, checked_at=flag.checked_at,
        created_at=flag.created_at)


def document_flags(session: Session, document_id: int) -> list[RadarFlagOut]:
    """The flags of one document, oldest first (its page and API)."""
    rows = session.execute(flags_query().where(RadarFlag.document_id == document_id).order_by(RadarFlag.id)).all()
    return [flag_out(*row) for row in rows]
