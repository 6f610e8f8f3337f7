"""Document page, document API and the original file ('Quelle öffnen')."""

from __future__ import annotations

import mimetypes
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from kb.services.knowledge_base import KnowledgeBase
from kb.services.schemas import DocumentDetail, DocumentInfo
from webui.deps import get_kb

router = APIRouter()


def _detail(kb: KnowledgeBase, document_id: int) -> DocumentDetail:
    detail = kb.document(document_id)
    if detail is None:
        raise HTTPException(404, "Dokument nicht gefunden.")
    return detail


@router.get("/api/documents", response_model=list[DocumentInfo], tags=["Dokumente"])
def api_documents(kb: Annotated[KnowledgeBase, Depends(get_kb)], district: str | None = None,
                  type: str | None = None) -> list[DocumentInfo]:  # noqa: A002
    return kb.list_documents(district=district, doc_type=type)


@router.get("/api/documents/{document_id}", response_model=DocumentDetail, tags=["Dokumente"])
def api_document(document_id: int, kb: Annotated[KnowledgeBase, Depends(get_kb)]) -> DocumentDetail:
    return _detail(kb, document_id)


@router.get("/dokumente", response_class=HTMLResponse, include_in_schema=False)
def documents_page(request: Request, kb: Annotated[KnowledgeBase, Depends(get_kb)],
                   district: str = "", type: str = ""):  # noqa: A002
    docs = kb.list_documents(district=district or None, doc_type=type or None)
    return request.app.state.templates.TemplateResponse(request, "documents.html", {
        "documents": docs, "district": district, "type": type})


@router.get("/dokument/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def document_page(request: Request, document_id: int, kb: Annotated[KnowledgeBase, Depends(get_kb)],
                  chunk: Annotated[int | None, Query()] = None, q: str = ""):
    return request.app.state.templates.TemplateResponse(request, "document.html", {
        "doc": _detail(kb, document_id), "active_chunk": chunk, "q": q})


@router.get("/dokument/{document_id}/datei", include_in_schema=False)
def original_file(document_id: int, kb: Annotated[KnowledgeBase, Depends(get_kb)]):
    found = kb.original_file(document_id)
    if found is None:
        raise HTTPException(404, "Originaldatei nicht vorhanden.")
    path, name = found
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = media in ("application/pdf", "text/plain", "text/markdown")
    return FileResponse(path, media_type=media, filename=name,
                        content_disposition_type="inline" if inline else "attachment")
