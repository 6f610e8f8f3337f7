"""The FastAPI application: HTML pages for people, JSON under /api for programs, OpenAPI at /docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from kb.access import AccessDenied
from kb.services.knowledge_base import KnowledgeBase
from kb.services.worker import JobWorker
from webui.ratelimit import LoginThrottle
from webui.routes import (
    accounts,
    admin,
    browse,
    documents,
    feedback,
    jobs,
    law_changes,
    login,
    precedent,
    radar,
    search,
)
from webui.security import csrf_token, current_principal, secret_key
from webui.templating import make_templates

STATIC = Path(__file__).resolve().parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _lifespan(worker: JobWorker, enabled: bool):
    """The job worker runs while the app does (`KB_JOB_WORKER`); stopping it on shutdown (SIGTERM)
    lets the current file finish and gives its job back for the next start."""
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if enabled:
            worker.start()
        yield
        await run_in_threadpool(worker.stop)

    return lifespan


def create_app(kb: KnowledgeBase) -> FastAPI:
    worker = JobWorker(kb.job_runner, kb.jobs, kb.settings.jobs)
    app = FastAPI(title="Südwestoption Wissensdatenbank", version="0.1.0",
                  description="Semantische Suche in Rundschreiben, Protokollen und Rechtstexten "
                              "der Optionskommunen der Südwestoption.",
                  lifespan=_lifespan(worker, kb.settings.jobs.job_worker))
    app.state.kb = kb
    app.state.worker = worker
    templates = make_templates()
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.globals["current_user"] = current_principal
    app.state.templates = templates
    security = kb.settings.security
    # Lax, not Strict: a link to a search result from mail or the intranet must arrive signed in.
    app.add_middleware(SessionMiddleware, secret_key=secret_key(kb.settings), session_cookie="kb_session",
                       same_site="lax", https_only=security.secure_cookies,
                       max_age=None)  # ends with the browser; the idle timeout is kept server-side
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.feedback_limiter = feedback.new_limiter()
    app.state.login_throttle = LoginThrottle(security.login_attempts, security.login_window_minutes * 60)
    if security.admin_password:
        kb.accounts.bootstrap_admin(security.admin_password)
    for module in (login, search, precedent, browse, law_changes, documents, feedback, admin, jobs, accounts,
                   radar):
        app.include_router(module.router)
    _install_handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


def _install_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _install_handlers(app: FastAPI) -> None:
    _install_headers(app)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 401 and not _wants_json(request):  # a page: ask for the login
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/anmelden?" + urlencode({"next": target}), 303)
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "message": exc.detail},
            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(AccessDenied)
    async def access_denied(request: Request, exc: AccessDenied):
        """The core refused a change: 403 with its German message, wherever it was raised."""
        return await http_error(request, HTTPException(403, str(exc)))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        if _wants_json(request):
            return JSONResponse({"detail": exc.errors()}, 422)
        message = "; ".join(f"{'/'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": 422, "message": f"Ungültige Eingabe – {message}"},
            status_code=422)
