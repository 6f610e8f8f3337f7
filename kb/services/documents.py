"""Read models of documents for listing and the document page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from kb.access import EVERYTHING
from kb.db.models import Chunk, Document
from kb.services.extraction import ocr_page_infos, uncertain_pages
from kb.services.radar_scan import document_flags
from kb.services.schemas import ChunkInfo, DocumentDetail, DocumentInfo, VersionInfo
from kb.services.validity import REPLACED, state_on


def info(doc: Document) -> DocumentInfo:
    return DocumentInfo(
        id=doc.id, title=doc.title, source=doc.source_name, district=doc.district,
        doc_type=doc.doc_type, date=doc.doc_date, format=doc.format, law=doc.law,
        page_count=doc.page_count, chunk_count=doc.chunk_count, size_bytes=doc.size_bytes,
        visibility=doc.visibility, version=doc.version, valid_from=doc.valid_from, valid_to=doc.valid_to,
        superseded_by=doc.superseded_by_id, superseded_on=doc.superseded_on, state=state_on(doc, date.today()),
    )


def list_documents(session: Session, district: str | None = None, doc_type: str | None = None,
                   limit: int = 500, visible: ColumnElement[bool] = EVERYTHING) -> list[DocumentInfo]:
    stmt = select(Document).where(visible).order_by(Document.doc_date.desc().nulls_last(), Document.title)
    if district:
        stmt = stmt.where(Document.district == district)
    if doc_type:
        stmt = stmt.where(Document.doc_type == doc_type)
    return [info(d) for d in session.scalars(stmt.limit(limit))]


def document_detail(session: Session, document_id: int, visible: ColumnElement[bool] = EVERYTHING,
                    low_confidence: float = 70.0) -> DocumentDetail | None:
    doc = session.get(Document, document_id, options=[
        selectinload(Document.chunks).selectinload(Chunk.norms)])
    if doc is None:
        return None
    ocr_pages = ocr_page_infos(doc.ocr_pages, low_confidence)
    return DocumentDetail(**info(doc).model_dump(), chunks=_chunks(doc, uncertain_pages(ocr_pages)),
                          **lineage(session, doc, visible), radar=document_flags(session, doc.id),
                          ocr_pages=ocr_pages, extraction_note=doc.extraction_note,
                          **mail_links(session, doc, visible))



def mail_links(session: Session, doc: Document, visible: ColumnElement[bool]) -> dict:
    """The mail a document came attached to, and a mail's attachments — as far as visible."""
    related = select(Document).where(visible)
    mail = session.scalar(related.where(Document.id == doc.attached_to_id)) if doc.attached_to_id else None
    attached = session.scalars(related.where(Document.attached_to_id == doc.id).order_by(Document.source_key)).all()
    return {"mail": info(mail) if mail else None, "attachments": [info(d) for d in attached]}


def lineage(session: Session, doc: Document, visible: ColumnElement[bool]) -> dict:
    """The document's versions, its successor and what it replaced — as far as visible."""
    related = select(Document).where(visible)
    history = session.scalars(related.where(Document.series_key == doc.series_key)
                              .order_by(Document.version, Document.id)).all()
    successor = session.scalar(related.where(Document.id == doc.superseded_by_id)) \
        if doc.superseded_by_id else None
    replaced = session.scalars(related.where(Document.superseded_by_id == doc.id,
                                             Document.supersession == REPLACED)).all()
    return {"history": [VersionInfo(**info(d).model_dump(), created_at=d.created_at, created_by=d.created_by)
                        for d in history] if len(history) > 1 else [],
            "successor": info(successor) if successor else None,
            "replaces": [info(d) for d in replaced]}


def _chunks(doc: Document, uncertain: set[int]) -> list[ChunkInfo]:
    return [ChunkInfo(id=c.id, ordinal=c.ordinal, text=c.text, section=c.section,
                      heading_path=list(c.heading_path or []), page_start=c.page_start,
                      page_end=c.page_end, norm_self=c.norm_self,
                      norms=sorted({n.norm for n in c.norms if n.relation == "cites"}),
                      ocr_uncertain=_on_pages(uncertain, c.page_start, c.page_end))
            for c in doc.chunks]


def _on_pages(pages: set[int], start: int | None, end: int | None) -> bool:
    return start is not None and any(start <= p <= (end or start) for p in pages)
