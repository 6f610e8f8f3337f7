"""Document administration: upload (as a job), delete and visibility, in HTML (session + CSRF) and
JSON (personal API token; `POST /api/documents` stays synchronous, `POST /api/jobs` queues).
Redakteure work in their own district, admins everywhere; which document they may change is
decided in the core (`kb.access.check_edit`), not here."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from kb.access import Principal
from kb.domain import DISTRICTS, NETWORK, DocType, IngestError, MetaHints, hints_from_mapping
from kb.services.editing import Editing, MetadataChange
from kb.services.schemas import DocumentInfo, FileOutcome
from webui.deps import Config, Documents, Editor, Edits, Ingesting, Jobs, optional_date
from webui.flash import pop_flash
from webui.params import DocumentId
from webui.routes.deletion import delete_or_404
from webui.security import check_csrf
from webui.uploads import Lifecycle, read_limited, stage_upload

router = APIRouter()


def _render(request: Request, docs: Documents, principal: Principal, **extra):
    flashed = pop_flash(request)
    context = {"districts": [*DISTRICTS, NETWORK] if principal.is_admin else [principal.district],
               "documents": docs.list(), "message": flashed["message"] if flashed else None,
               "can_edit": principal.can_edit, "nav": "verwaltung", "groups": request.app.state.kb.groups.list(),
               **extra}
    return request.app.state.templates.TemplateResponse(
        request, "admin.html", context, status_code=extra.pop("status_code", 200))


@router.get("/verwaltung", response_class=HTMLResponse, include_in_schema=False)
def admin_page(request: Request, docs: Documents, principal: Editor):
    return _render(request, docs, principal)


def form_hints(principal: Principal, district: str, doc_type: str, when: str, visibility: str,
               lifecycle: dict[str, str] | None = None) -> MetaHints | None:
    """The form's metadata; a redakteur's documents always belong to their own district."""
    if principal.role == "redakteur":
        district = principal.district or district
    data = {k: v for k, v in {"district": district, "doc_type": doc_type, "date": when,
                              "visibility": visibility, **(lifecycle or {})}.items() if v}
    try:
        return hints_from_mapping(data, "Formular") if data else None
    except IngestError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/verwaltung/hochladen", include_in_schema=False)
async def upload(request: Request, jobs: Jobs, docs: Documents, config: Config, principal: Editor,
                 files: Annotated[list[UploadFile], File()], csrf: Annotated[str, Form()],
                 visibility: Annotated[Literal["netzwerk", "intern"], Form()],
                 lifecycle: Lifecycle, district: Annotated[str, Form()] = "", doc_type: Annotated[str, Form()] = "",
                 when: Annotated[str, Form()] = ""):
    """Files and ZIP archives become one upload job; the browser goes on to the job's page."""
    check_csrf(request, csrf)
    hints = form_hints(principal, district, doc_type, when, visibility, lifecycle)
    try:
        job = await stage_upload(jobs, files, config.web.max_upload_mb, hints, "web")
    except IngestError as exc:  # refused as a whole (ZIP limits, nothing to ingest): nothing was stored
        return _render(request, docs, principal, error=str(exc), status_code=422)
    return RedirectResponse(f"/verwaltung/auftraege/{job.id}", status.HTTP_303_SEE_OTHER)


def _edit(edits: Editing, document_id: int, change: MetadataChange) -> DocumentInfo:
    try:
        doc = edits.update(document_id, change)
    except IngestError as exc:
        raise HTTPException(422, str(exc)) from exc
    if doc is None:
        raise HTTPException(404, "Dokument nicht gefunden.")
    return doc


@router.post("/verwaltung/sichtbarkeit/{document_id}", include_in_schema=False)
def change_visibility(request: Request, document_id: DocumentId, edits: Edits, csrf: Annotated[str, Form()],
                      visibility: Annotated[Literal["netzwerk", "intern"], Form()]):
    check_csrf(request, csrf)
    _edit(edits, document_id, MetadataChange(visibility=visibility))
    return RedirectResponse(f"/dokument/{document_id}", status.HTTP_303_SEE_OTHER)


@router.post("/verwaltung/metadaten/{document_id}", include_in_schema=False)
def change_metadata(request: Request, document_id: DocumentId, edits: Edits, csrf: Annotated[str, Form()],
                    title: Annotated[str, Form(max_length=1000)], doc_type: Annotated[DocType, Form()],
                    when: Annotated[str, Form()] = "", valid_from: Annotated[str, Form()] = "",
                    valid_to: Annotated[str, Form()] = "", replaces: Annotated[str, Form(max_length=1000)] = ""):
    check_csrf(request, csrf)
    _edit(edits, document_id, MetadataChange(
        title=title, doc_type=doc_type, date=optional_date(when, "Datum"), set_dates={"valid_from", "valid_to"},
        valid_from=optional_date(valid_from, "Gültig ab"), valid_to=optional_date(valid_to, "Gültig bis"),
        replaces=replaces.strip() or None))
    return RedirectResponse(f"/dokument/{document_id}", status.HTTP_303_SEE_OTHER)


class MetadataIn(BaseModel):
    """Fields to change (absent ones stay as they are)."""

    title: str | None = Field(None, max_length=1000)
    doc_type: DocType | None = None
    date: dt.date | None = None
    visibility: Literal["netzwerk", "intern"] | None = None
    valid_from: dt.date | None = Field(None, description="gültig ab (null: löschen; fehlt: unverändert)")
    valid_to: dt.date | None = Field(None, description="gültig bis (null: löschen; fehlt: unverändert)")
    replaces: str | None = Field(None, max_length=1000, description="ersetzt dieses Dokument (ID oder Dateiname)")


@router.patch("/api/documents/{document_id}", response_model=DocumentInfo, tags=["Verwaltung"],
              summary="Metadaten, Gültigkeit oder Sichtbarkeit ändern")
def api_metadata(document_id: DocumentId, body: MetadataIn, edits: Edits) -> DocumentInfo:
    dates = {"valid_from", "valid_to"} & body.model_fields_set
    return _edit(edits, document_id, MetadataChange(**body.model_dump(), set_dates=dates))


@router.post("/api/documents", response_model=FileOutcome, tags=["Verwaltung"])
async def api_upload(ingesting: Ingesting, config: Config, principal: Editor, lifecycle: Lifecycle,
                     files: Annotated[UploadFile | None, File(description="Die Datei; Feldname wie im "
                                                                   "Formular und bei POST /api/jobs")] = None,
                     file: Annotated[UploadFile | None, File(deprecated=True, description="früherer Feldname")] = None,
                     district: Annotated[str, Form()] = "", doc_type: Annotated[str, Form()] = "",
                     when: Annotated[str, Form()] = "", visibility: Annotated[str, Form()] = "") -> FileOutcome:
    file = files or file
    if file is None:
        raise HTTPException(422, "Keine Datei übergeben (Feld „files“).")
    data = await read_limited(file, config.web.max_upload_mb)
    outcome = await run_in_threadpool(ingesting.upload, data, file.filename or "upload",
                                      form_hints(principal, district, doc_type, when, visibility, lifecycle))
    if outcome.status == "failed":
        raise HTTPException(422, outcome.reason)
    return outcome


@router.delete("/api/documents/{document_id}", tags=["Verwaltung"])
def api_delete(document_id: DocumentId, ingesting: Ingesting) -> dict:
    return {"deleted": document_id, "title": delete_or_404(ingesting, document_id)}
