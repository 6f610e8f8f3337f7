"""Document page, similar documents, document API and the original file ('Quelle öffnen')."""

from __future__ import annotations

import mimetypes
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from kb.domain import IngestError
from kb.services.comparison import Comparison, ComparisonOut
from kb.services.document_service import DocumentService
from kb.services.gone import GoneDocument
from kb.services.schemas import DocumentDetail, DocumentInfo
from kb.services.similar import SimilarDocuments
from webui.deps import Documents
from webui.errors import Gone
from webui.highlight import parse_ranges
from webui.html_view import original_page
from webui.network_deps import Threads
from webui.params import ChunkId, DocumentId

router = APIRouter()
GONE = {410: {"model": GoneDocument, "description": "Das Dokument wurde gelöscht (mit der aktuellen Fassung, "
                                                    "falls es eine gibt)."}}


def _missing(docs: DocumentService, document_id: int, message: str = "Dokument nicht gefunden.") -> Exception:
    """404 for an id that never existed (or is hidden), 410 for a deleted document's old link."""
    gone = docs.gone(document_id)
    return Gone(gone) if gone is not None else HTTPException(404, message)


def _detail(docs: DocumentService, document_id: int) -> DocumentDetail:
    detail = docs.detail(document_id)
    if detail is None:
        raise _missing(docs, document_id)
    return detail


@router.get("/api/documents", response_model=list[DocumentInfo], tags=["Dokumente"])
def api_documents(docs: Documents,
                  district: Annotated[list[str], Query()] = [],  # noqa: B006
                  type: Annotated[list[str], Query()] = [],  # noqa: B006
                  sort: Annotated[str, Query(pattern="^(new|title)$")] = "new",
                  limit: Annotated[int, Query(ge=1, le=500)] = 500) -> list[DocumentInfo]:
    """`sort=new&limit=20` is the "Neu" list of the web UI."""
    return docs.browse([d for d in district if d], [t for t in type if t], sort, limit).documents


@router.get("/api/documents/{document_id}", response_model=DocumentDetail, tags=["Dokumente"], responses=GONE)
def api_document(document_id: DocumentId, docs: Documents) -> DocumentDetail:
    return _detail(docs, document_id)


@router.get("/api/documents/{document_id}/similar", response_model=SimilarDocuments,
            tags=["Dokumente"], summary="Inhaltlich ähnliche Dokumente", responses=GONE)
def api_similar(document_id: DocumentId, docs: Documents) -> SimilarDocuments:
    return _similar(docs, document_id)


def _similar(docs: DocumentService, document_id: int) -> SimilarDocuments:
    found = docs.similar(document_id)
    if found is None:
        raise _missing(docs, document_id)
    return found


def _comparison(docs: DocumentService, document_id: int, other: int, section: str | None) -> Comparison:
    try:
        found = docs.compare(document_id, other, section)
    except IngestError as exc:
        raise HTTPException(422, f"Original nicht lesbar: {exc}") from exc
    if found is None:
        raise HTTPException(404, "Dokument nicht gefunden.")
    return found


@router.get("/api/documents/{document_id}/compare", response_model=ComparisonOut, tags=["Dokumente"],
            summary="Änderungen zwischen zwei Fassungen oder Dokumenten, Abschnitt für Abschnitt")
def api_compare(document_id: DocumentId, docs: Documents,
                other: Annotated[DocumentId, Query(alias="with", description="das andere Dokument")],
                section: Annotated[str | None, Query(max_length=200, description='z. B. "§ 15"')] = None,
                ) -> ComparisonOut:
    return ComparisonOut.of(_comparison(docs, document_id, other, section))


@router.get("/dokument/{document_id}/vergleich", response_class=HTMLResponse, include_in_schema=False)
def compare_page(request: Request, document_id: DocumentId, docs: Documents,
                 mit: Annotated[DocumentId, Query()], abschnitt: Annotated[str, Query(max_length=200)] = ""):
    found = _comparison(docs, document_id, mit, abschnitt.strip() or None)
    return request.app.state.templates.TemplateResponse(request, "compare.html", {
        "cmp": found, "document_id": document_id, "other_id": mit, "nav": "dokumente"})


@router.get("/dokument/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def document_page(request: Request, document_id: DocumentId, docs: Documents, threads: Threads,
                  chunk: Annotated[ChunkId | None, Query()] = None,
                  q: Annotated[str, Query(max_length=1000)] = "",
                  hl: Annotated[str, Query(max_length=200, description="Antwortsätze: 12-140,150-210")] = ""):
    """`chunk` is the passage a search found, `hl` its answer sentences (offsets from the hit)."""
    return request.app.state.templates.TemplateResponse(request, "document.html", {
        "doc": _detail(docs, document_id), "active_chunk": chunk, "q": q, "spans": parse_ranges(hl),
        "network_questions": threads.citing_document(document_id), "nav": "dokumente"})


@router.get("/dokument/{document_id}/aehnlich", response_class=HTMLResponse, include_in_schema=False)
def similar_page(request: Request, document_id: DocumentId, docs: Documents):
    return request.app.state.templates.TemplateResponse(request, "similar.html", {
        "found": _similar(docs, document_id), "nav": "dokumente"})


@router.get("/dokument/{document_id}/datei", include_in_schema=False)
def original_file(document_id: DocumentId, docs: Documents,
                  download: bool = False):
    """Shown in the browser where it can (PDF at `#page=N`), else, or with `download=1`, saved."""
    found = docs.original_file(document_id)
    if found is None:
        raise _missing(docs, document_id, "Originaldatei nicht vorhanden.")
    path, name = found
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if media == "text/html" and not download and (page := docs.original_html(document_id)):
        return original_page(*page, document_id)
    inline = not download and media in ("application/pdf", "text/plain", "text/markdown")
    return FileResponse(path, media_type=media, filename=name,
                        content_disposition_type="inline" if inline else "attachment")
