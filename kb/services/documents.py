"""Read models of documents for listing and the document page."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from kb.access import EVERYTHING
from kb.db.models import Chunk, Document
from kb.services.schemas import ChunkInfo, DocumentDetail, DocumentInfo


def info(doc: Document) -> DocumentInfo:
    return DocumentInfo(
        id=doc.id, title=doc.title, source=doc.source_name, district=doc.district,
        doc_type=doc.doc_type, date=doc.doc_date, format=doc.format, law=doc.law,
        page_count=doc.page_count, chunk_count=doc.chunk_count, size_bytes=doc.size_bytes,
        visibility=doc.visibility,
    )


def list_documents(session: Session, district: str | None = None, doc_type: str | None = None,
                   limit: int = 500, visible: ColumnElement[bool] = EVERYTHING) -> list[DocumentInfo]:
    stmt = select(Document).where(visible).order_by(Document.doc_date.desc().nulls_last(), Document.title)
    if district:
        stmt = stmt.where(Document.district == district)
    if doc_type:
        stmt = stmt.where(Document.doc_type == doc_type)
    return [info(d) for d in session.scalars(stmt.limit(limit))]


def document_detail(session: Session, document_id: int) -> DocumentDetail | None:
    doc = session.get(Document, document_id, options=[
        selectinload(Document.chunks).selectinload(Chunk.norms)])
    if doc is None:
        return None
    chunks = [ChunkInfo(id=c.id, ordinal=c.ordinal, text=c.text, section=c.section,
                        heading_path=list(c.heading_path or []), page_start=c.page_start,
                        page_end=c.page_end, norm_self=c.norm_self,
                        norms=sorted({n.norm for n in c.norms if n.relation == "cites"}))
              for c in doc.chunks]
    return DocumentDetail(**info(doc).model_dump(), chunks=chunks)
