"""Administration: login, upload and delete, in HTML (session + CSRF) and JSON (bearer token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, HTTPException, Request, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from kb.config import Settings
from kb.domain import DISTRICTS, NETWORK, DocType, IngestError, MetaHints, hints_from_mapping
from kb.services.document_service import DocumentService
from kb.services.schemas import FileOutcome
from webui.deps import Config, Documents, Ingesting
from webui.security import ADMIN_KEY, check_csrf, is_admin, password_ok, require_admin

router = APIRouter()


def _render(request: Request, docs: DocumentService, config: Settings, **extra):
    context = {"is_admin": is_admin(request), "configured": bool(config.security.admin_password),
               "districts": [*DISTRICTS, NETWORK], "doc_types": [t.value for t in DocType],
               "documents": docs.list() if is_admin(request) else [], **extra}
    return request.app.state.templates.TemplateResponse(
        request, "admin.html", context, status_code=extra.pop("status_code", 200))


@router.get("/verwaltung", response_class=HTMLResponse, include_in_schema=False)
def admin_page(request: Request, docs: Documents, config: Config):
    return _render(request, docs, config)


@router.post("/verwaltung/anmelden", include_in_schema=False)
def login(request: Request, docs: Documents, config: Config,
          password: Annotated[str, Form()], csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    if not password_ok(config, password):
        return _render(request, docs, config, error="Anmeldung fehlgeschlagen: Passwort falsch.", status_code=401)
    request.session[ADMIN_KEY] = True
    return RedirectResponse("/verwaltung", status.HTTP_303_SEE_OTHER)


@router.post("/verwaltung/abmelden", include_in_schema=False)
def logout(request: Request, csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    request.session.pop(ADMIN_KEY, None)
    return RedirectResponse("/verwaltung", status.HTTP_303_SEE_OTHER)


async def read_limited(upload: UploadFile, limit_mb: int) -> bytes:
    """Read an upload, refusing it as soon as it exceeds the limit (no unbounded memory use)."""
    limit = limit_mb * 1_000_000
    data = bytearray()
    while chunk := await upload.read(1 << 20):
        data += chunk
        if len(data) > limit:
            raise HTTPException(413, f"Datei zu groß (Grenze {limit_mb} MB).")
    return bytes(data)


def _hints(district: str, doc_type: str, when: str) -> MetaHints | None:
    data = {k: v for k, v in {"district": district, "doc_type": doc_type, "date": when}.items() if v}
    try:
        return hints_from_mapping(data, "Formular") if data else None
    except IngestError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/verwaltung/hochladen", include_in_schema=False)
async def upload(request: Request, ingesting: Ingesting, docs: Documents, config: Config,
                 files: Annotated[list[UploadFile], File()], csrf: Annotated[str, Form()],
                 district: Annotated[str, Form()] = "", doc_type: Annotated[str, Form()] = "",
                 when: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    require_admin(request)
    hints = _hints(district, doc_type, when)
    outcomes = []
    for item in files:
        data = await read_limited(item, config.web.max_upload_mb)
        outcomes.append(await run_in_threadpool(ingesting.upload, data, item.filename or "upload", hints))
    return _render(request, docs, config, outcomes=outcomes)


@router.post("/verwaltung/loeschen/{document_id}", include_in_schema=False)
def delete(request: Request, document_id: int, ingesting: Ingesting, docs: Documents, config: Config,
           csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    require_admin(request)
    title = ingesting.delete(str(document_id))
    if title is None:
        raise HTTPException(404, "Dokument nicht gefunden.")
    return _render(request, docs, config, message=f"Gelöscht: {title}")


def require_token(config: Config, authorization: Annotated[str | None, Header()] = None) -> None:
    """JSON API admin calls authenticate with `Authorization: Bearer <KB_ADMIN_PASSWORD>`."""
    token = (authorization or "").removeprefix("Bearer ").strip()
    if not token or not password_ok(config, token):
        raise HTTPException(401, "Gültiges Verwaltungs-Token erforderlich.",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post("/api/documents", response_model=FileOutcome, tags=["Verwaltung"],
             dependencies=[Depends(require_token)])
async def api_upload(ingesting: Ingesting, config: Config, file: Annotated[UploadFile, File()],
                     district: Annotated[str, Form()] = "", doc_type: Annotated[str, Form()] = "",
                     when: Annotated[str, Form()] = "") -> FileOutcome:
    data = await read_limited(file, config.web.max_upload_mb)
    outcome = await run_in_threadpool(ingesting.upload, data, file.filename or "upload",
                                     _hints(district, doc_type, when))
    if outcome.status == "failed":
        raise HTTPException(422, outcome.reason)
    return outcome


@router.delete("/api/documents/{document_id}", tags=["Verwaltung"], dependencies=[Depends(require_token)])
def api_delete(document_id: int, ingesting: Ingesting) -> dict:
    title = ingesting.delete(str(document_id))
    if title is None:
        raise HTTPException(404, "Dokument nicht gefunden.")
    return {"deleted": document_id, "title": title}
