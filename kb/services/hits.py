"""From ranked chunk ids to what a result page shows: hits, diversity groups, facet counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from kb.db.models import Chunk
from kb.services.extraction import pages_confidence
from kb.services.radar_scan import outdated_norms
from kb.services.schemas import FacetValue, Highlight, SearchHit
from kb.services.validity import state_on

Ranked = list[tuple[int, float]]


def diversity_groups(chunk: Chunk) -> tuple[tuple[str, int, str | None], ...]:
    """What one result stands for on the first page: its section, and its document.

    A section shows once: its further passages continue the same text and would push the next
    answer down. A document shows a few times, but a law is a collection of independent
    provisions, not one source: capping SGB II at three hits would hide the fourth relevant §."""
    section = chunk.norm_self or " › ".join(chunk.heading_path or ()) or chunk.section
    groups = (("section", chunk.document_id, section),) if section else ()
    return groups if chunk.norm_self else (("document", chunk.document_id, None), *groups)


def sort_by_date(ranked: Ranked, chunks: dict[int, Chunk]) -> Ranked:
    """Newest first among the relevant passages; undated documents last."""
    return sorted(ranked, key=lambda item: chunks[item[0]].document.doc_date or date.min, reverse=True)


def count_facets(chunks: list[Chunk]) -> dict[str, list[FacetValue]]:
    """How many documents among the best passages have each district, type, year and norm."""
    seen: dict[str, dict[str, set[int]]] = {"district": {}, "doc_type": {}, "year": {}, "norm": {}}
    for chunk in chunks:
        doc = chunk.document
        values = {"district": [doc.district], "doc_type": [doc.doc_type],
                  "year": [str(doc.doc_date.year) if doc.doc_date else None],
                  "norm": [n.norm for n in chunk.norms]}
        for facet, items in values.items():
            for value in items:
                if value:
                    seen[facet].setdefault(value, set()).add(doc.id)
    return {facet: sorted((FacetValue(value=v, count=len(ids)) for v, ids in values.items()),
                          key=lambda f: (-f.count, f.value))
            for facet, values in seen.items()}


def to_hit(chunk: Chunk, score: float, rank: int) -> SearchHit:
    doc = chunk.document
    return SearchHit(
        rank=rank, score=round(float(score), 6), chunk_id=chunk.id, document_id=doc.id,
        title=doc.title, source=doc.source_name, district=doc.district, doc_type=doc.doc_type,
        visibility=doc.visibility, date=doc.doc_date, section=chunk.section, page=chunk.page_start, text=chunk.text,
        page_end=chunk.page_end, heading_path=list(chunk.heading_path or []),
        norms=sorted({n.norm for n in chunk.norms}, key=lambda n: (n != chunk.norm_self, n)),
        version=doc.version, valid_from=doc.valid_from, valid_to=doc.valid_to,
        superseded_by=doc.superseded_by_id, superseded_on=doc.superseded_on, state=state_on(doc, date.today()),
        ocr_confidence=pages_confidence(doc.ocr_pages, chunk.page_start, chunk.page_end),
    )


def set_outdated(session: Session, hits: list[SearchHit]) -> None:
    """The radar's open flags of the page's documents, in one query (the badge "möglicherweise veraltet")."""
    found = outdated_norms(session, [h.document_id for h in hits])
    for hit in hits:
        hit.outdated_norms = found.get(hit.document_id, [])


def set_highlights(hits: list[SearchHit], spans: list[list[tuple[int, int, float]]]) -> None:
    """Set each hit's answer sentences (character spans in its text)."""
    for hit, marks in zip(hits, spans, strict=True):
        hit.highlights = [Highlight(start=a, end=b, score=round(s, 4)) for a, b, s in marks]
