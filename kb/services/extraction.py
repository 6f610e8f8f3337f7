"""What the reader is told about text that came from OCR, or that is missing.

`documents.ocr_pages` holds `[{"page": n, "confidence": 0..100}]` for the pages Tesseract read;
`documents.extraction_note` says why pages have no text (OCR off, Tesseract missing, a page that
timed out). The job item result, the document page and search hits show them from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.models import DocumentMeta
from kb.services.schemas import OcrPageInfo


def extraction_summary(meta: DocumentMeta) -> str | None:
    """One line for the job item / ingest report: the OCR'd pages and the note, if any."""
    parts = []
    if meta.ocr_pages:
        pages = ", ".join(f"{p['page']} ({_percent(p['confidence'])})" for p in meta.ocr_pages[:20])
        more = " …" if len(meta.ocr_pages) > 20 else ""
        parts.append(f"Texterkennung (OCR) auf Seite {pages}{more}.")
    if meta.extraction_note:
        parts.append(meta.extraction_note)
    return " ".join(parts) or None


def ocr_page_infos(ocr_pages: list[dict] | None, low_confidence: float) -> list[OcrPageInfo]:
    """The stored pages for display, each marked uncertain below the threshold."""
    return [OcrPageInfo(page=p["page"], confidence=p.get("confidence"),
                        uncertain=(p.get("confidence") or 0) < low_confidence)
            for p in ocr_pages or [] if isinstance(p, dict) and isinstance(p.get("page"), int)]


def pages_confidence(ocr_pages: list[dict] | None, start: int | None, end: int | None) -> float | None:
    """The lowest OCR confidence among the pages `start`…`end` of a passage (None: no OCR there)."""
    if not ocr_pages or start is None:
        return None
    found = [p.get("confidence") or 0.0 for p in ocr_pages
             if isinstance(p, dict) and start <= p.get("page", 0) <= (end or start)]
    return min(found) if found else None


def uncertain_pages(pages: Iterable[OcrPageInfo]) -> set[int]:
    return {p.page for p in pages if p.uncertain}


def _percent(confidence: float | None) -> str:
    return "Sicherheit unbekannt" if confidence is None else f"Sicherheit {confidence:.0f} %"
