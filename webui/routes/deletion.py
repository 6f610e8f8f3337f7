"""Deleting a document in the browser, with a confirmation step that needs no JavaScript.

A delete cannot be undone (the original, its chunks and vectors go), and the button sits in a long
list next to others: one slip must not cost a circular. So "Löschen" opens a page naming the
document, its district and what goes with it, and only the form on that page, sent with
`bestaetigt=ja`, deletes. Whether the user may delete it is decided in the core
(`Ingestor.delete` → `kb.access.check_edit`); the page only asks first.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse

from kb.access import Principal
from kb.services.ingest_service import Ingestor
from webui.deps import Documents, Editor, Ingesting
from webui.flash import flash
from webui.params import DocumentId
from webui.security import check_csrf

router = APIRouter()


def delete_or_404(ingesting: Ingestor, document_id: int) -> str:
    """Delete (rights checked in the core); the title for the message, 404 when there is none."""
    title = ingesting.delete(str(document_id))
    if title is None:
        raise HTTPException(404, "Dokument nicht gefunden.")
    return title


def _confirmation(request: Request, docs: Documents, principal: Principal, document_id: int):
    doc = docs.detail(document_id)
    if doc is None:
        raise HTTPException(404, "Dokument nicht gefunden.")
    if not principal.can_edit(doc.district):
        raise HTTPException(403, "Dieses Dokument gehört einem anderen Kreis; löschen kann es nur dessen Redaktion.")
    return request.app.state.templates.TemplateResponse(
        request, "confirm_delete.html", {"doc": doc, "nav": "verwaltung"})


@router.get("/verwaltung/loeschen/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def confirm_delete(request: Request, document_id: DocumentId, docs: Documents, principal: Editor):
    return _confirmation(request, docs, principal, document_id)


@router.post("/verwaltung/loeschen/{document_id}", include_in_schema=False)
def delete(request: Request, document_id: DocumentId, ingesting: Ingesting, docs: Documents, principal: Editor,
           csrf: Annotated[str, Form()], bestaetigt: Annotated[str, Form(max_length=10)] = ""):
    check_csrf(request, csrf)
    if bestaetigt != "ja":  # an old form or a slip: ask first, delete nothing
        return _confirmation(request, docs, principal, document_id)
    flash(request, f"Gelöscht: {delete_or_404(ingesting, document_id)}")
    return RedirectResponse("/verwaltung", status.HTTP_303_SEE_OTHER)
