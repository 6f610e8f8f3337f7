"""How errors reach people and programs: German, as an HTML page for browsers and JSON for the API.

Browsers (Accept: text/html, outside /api/) get `error.html`; everything else gets JSON
`{"detail": …}`. Errors the framework raises itself (unknown route, wrong method, a malformed
multipart body) carry English texts; they are replaced by a German sentence for their status and
the original is only logged. Validation errors are translated by `webui.validation`.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.access import AccessDenied
from kb.services.gone import GoneDocument
from webui.validation import german_errors, summary

log = logging.getLogger(__name__)
STATUS_TEXT = {
    400: "Die Anfrage ist fehlerhaft aufgebaut.",
    401: "Bitte melden Sie sich an.",
    403: "Kein Zugriff.",
    404: "Diese Seite gibt es nicht. Bitte prüfen Sie die Adresse.",
    405: "Diese Aktion ist an dieser Adresse nicht möglich.",
    413: "Die Anfrage ist zu groß.",
    415: "Dieses Datenformat wird hier nicht angenommen.",
    429: "Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es gleich erneut.",
    500: "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.",
}


class Gone(Exception):
    """An old link to a deleted document: 410, and where its series lives on."""

    def __init__(self, info: GoneDocument) -> None:
        super().__init__(info.detail)
        self.info = info


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


def german_detail(exc: StarletteHTTPException) -> object:
    """Our own `HTTPException`s already speak German; the framework's do not."""
    if isinstance(exc, HTTPException):
        return exc.detail
    log.info("HTTP %s vom Framework: %s", exc.status_code, exc.detail)
    return STATUS_TEXT.get(exc.status_code, f"Fehler {exc.status_code}.")


def error_page(request: Request, status: int, message: object, headers: dict | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message}, status, headers=headers)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers)


async def gone_page(request: Request, exc: Gone) -> Response:
    """410 with the deletion day and the current version: JSON for the API, a page for browsers."""
    if wants_json(request):
        return JSONResponse(exc.info.model_dump(mode="json"), 410)
    return request.app.state.templates.TemplateResponse(
        request, "gone.html", {"gone": exc.info, "nav": "dokumente"}, status_code=410)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Gone, gone_page)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 401 and not wants_json(request):  # a page: ask for the login
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/anmelden?" + urlencode({"next": target}), 303)
        return error_page(request, exc.status_code, german_detail(exc), exc.headers)

    @app.exception_handler(AccessDenied)
    async def access_denied(request: Request, exc: AccessDenied):
        """The core refused a change: 403 with its German message, wherever it was raised."""
        return error_page(request, 403, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return _invalid(request, exc.errors())

    @app.exception_handler(ValidationError)
    async def model_error(request: Request, exc: ValidationError):
        """A model built from request values inside a route (filters, queries) refused them."""
        return _invalid(request, exc.errors(include_url=False))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("Unerwarteter Fehler bei %s %s", request.method, request.url.path)
        return error_page(request, 500, STATUS_TEXT[500])


def _invalid(request: Request, errors) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": german_errors(errors)}, 422)
    return error_page(request, 422, summary(errors))
