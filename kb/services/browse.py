"""Browsing without a query: documents by type and district, the newest documents, and the index
of legal norms with the law text and every document citing each norm.

A caseworker who does not know what to ask starts here; a new option district uses the norm index
to see which paragraphs the network has written guidance on.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload

from ingest.legal import law_of_norm, norm_sort_key
from kb.access import EVERYTHING
from kb.db.models import Chunk, ChunkNorm, Document
from kb.services.documents import info
from kb.services.schemas import DocumentInfo, FacetValue

SORTS = ("new", "title")


class DocumentBrowse(BaseModel):
    """The document list with the counts that let one narrow it by district and by type."""

    district: list[str] = Field(default_factory=list)
    doc_type: list[str] = Field(default_factory=list)
    sort: str = "new"
    include_outdated: bool = False  # also older versions, replaced and expired documents
    by_district: list[FacetValue]
    by_type: list[FacetValue]
    total: int
    documents: list[DocumentInfo]


class NormEntry(BaseModel):
    norm: str  # "SGB II § 22"
    law: str  # "SGB II"
    documents: int  # documents citing it
    citations: int  # passages citing it
    has_text: bool  # the law text itself is ingested


class LawGroup(BaseModel):
    law: str
    norms: list[NormEntry]


class NormIndex(BaseModel):
    laws: list[LawGroup]
    total: int


class Passage(BaseModel):
    """One chunk as the norm page shows it: where it is, and its text."""

    chunk_id: int
    section: str | None
    page_start: int | None
    page_end: int | None
    text: str


class NormDocument(BaseModel):
    document: DocumentInfo
    passages: list[Passage]


class NormPage(BaseModel):
    norm: str
    law: str
    law_text: list[NormDocument]  # documents that *are* this norm's text (relation "is")
    citing: list[NormDocument]  # circulars, minutes … citing it, newest first


# -- documents -----------------------------------------------------------------------------------
def browse_documents(session: Session, district: list[str], doc_type: list[str], sort: str = "new",
                     limit: int = 500, visible: ColumnElement[bool] = EVERYTHING,
                     include_outdated: bool = False) -> DocumentBrowse:
    """Each count ignores its own filter (so one can add a second district) but obeys the other;
    everything, counts included, only over the `visible` documents."""
    stmt = select(Document).where(visible)
    if district:
        stmt = stmt.where(Document.district.in_(district))
    if doc_type:
        stmt = stmt.where(Document.doc_type.in_(doc_type))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    order = ((Document.title,) if sort == "title"
             else (Document.doc_date.desc().nulls_last(), Document.created_at.desc(), Document.title))
    docs = [info(d) for d in session.scalars(stmt.order_by(*order).limit(limit))]
    return DocumentBrowse(
        district=district, doc_type=doc_type, sort=sort, total=total, documents=docs,
        include_outdated=include_outdated,
        by_district=_counts(session, Document.district, Document.doc_type, doc_type, visible),
        by_type=_counts(session, Document.doc_type, Document.district, district, visible))


def _counts(session: Session, column, other, other_values: list[str],
            visible: ColumnElement[bool]) -> list[FacetValue]:
    stmt = select(column, func.count(Document.id)).where(column.is_not(None), visible).group_by(column)
    if other_values:
        stmt = stmt.where(other.in_(other_values))
    rows = session.execute(stmt).all()
    return sorted((FacetValue(value=str(v), count=int(n)) for v, n in rows),
                  key=lambda f: (-f.count, f.value))


# -- norms -----------------------------------------------------------------------------------------
def norm_index(session: Session, visible: ColumnElement[bool] = EVERYTHING) -> NormIndex:
    """Every norm with how many (visible) documents cite it; laws with the most citations first."""
    rows = session.execute(
        select(ChunkNorm.norm, ChunkNorm.relation, func.count(func.distinct(Chunk.document_id)),
               func.count(Chunk.id))
        .join(Chunk, Chunk.id == ChunkNorm.chunk_id).join(Document, Document.id == Chunk.document_id)
        .where(visible).group_by(ChunkNorm.norm, ChunkNorm.relation)).all()
    entries: dict[str, NormEntry] = {}
    for norm, relation, docs, passages in rows:
        entry = entries.setdefault(norm, NormEntry(norm=norm, law=law_of_norm(norm), documents=0,
                                                   citations=0, has_text=False))
        if relation == "is":
            entry.has_text = True
        else:
            entry.documents, entry.citations = int(docs), int(passages)
    return NormIndex(laws=_group_by_law(entries.values()), total=len(entries))


def _group_by_law(entries) -> list[LawGroup]:
    groups: dict[str, list[NormEntry]] = defaultdict(list)
    for entry in entries:
        groups[entry.law].append(entry)
    laws = [LawGroup(law=law, norms=sorted(norms, key=lambda e: norm_sort_key(e.norm)))
            for law, norms in groups.items()]
    return sorted(laws, key=lambda g: (-sum(e.citations for e in g.norms), g.law))


def norm_page(session: Session, norm: str, limit: int = 200,
              visible: ColumnElement[bool] = EVERYTHING) -> NormPage | None:
    """The law text first (what the norm says), then each (visible) document citing it (how it
    is applied)."""
    rows = session.execute(
        select(ChunkNorm.relation, Chunk).join(Chunk, Chunk.id == ChunkNorm.chunk_id)
        .join(Document, Document.id == Chunk.document_id)
        .where(ChunkNorm.norm == norm, visible).options(joinedload(Chunk.document))
        .order_by(Chunk.document_id, Chunk.ordinal).limit(limit)).all()
    if not rows:
        return None
    grouped: dict[str, dict[int, NormDocument]] = {"is": {}, "cites": {}}
    for relation, chunk in rows:
        bucket = grouped["is" if relation == "is" else "cites"]
        if chunk.document_id not in bucket:
            bucket[chunk.document_id] = NormDocument(document=info(chunk.document), passages=[])
        bucket[chunk.document_id].passages.append(_passage(chunk))
    newest = sorted(grouped["cites"].values(),
                    key=lambda d: (d.document.date or date.min, d.document.title), reverse=True)
    return NormPage(norm=norm, law=law_of_norm(norm), law_text=list(grouped["is"].values()), citing=newest)


def _passage(chunk: Chunk) -> Passage:
    return Passage(chunk_id=chunk.id, section=chunk.section, page_start=chunk.page_start,
                   page_end=chunk.page_end, text=chunk.text)
