"""The FastAPI application: HTML pages for people, JSON under /api for programs, OpenAPI at /docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from kb.services import parse_process
from kb.services.knowledge_base import KnowledgeBase
from kb.services.worker import JobWorker
from webui.access_log import AccessLog
from webui.api_docs import install_api_docs
from webui.errors import install_error_handlers
from webui.ratelimit import LoginThrottle
from webui.routes import (
    accounts,
    admin,
    browse,
    contacts,
    deletion,
    documents,
    feedback,
    follows,
    groups,
    jobs,
    law_changes,
    login,
    network,
    network_feeds,
    precedent,
    radar,
    search,
)
from webui.security import csrf_token, current_principal, secret_key
from webui.startup_notice import sample_progress
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
    kills a parse in progress (`kb.services.parse_process`), waits at most 2 s for the rest of
    the current file and gives its job back for the next start."""
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if enabled:
            worker.start()
        yield
        await run_in_threadpool(worker.stop)
        parse_process.kill_all()  # also a parse of `POST /api/documents` still running in a request

    return lifespan


def _favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)


def _templates():
    """The page templates with the request-bound helpers the layout uses on every page."""
    templates = make_templates()
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.globals["current_user"] = current_principal
    templates.env.globals["sample_progress"] = sample_progress
    templates.env.globals["is_following"] = follows.is_following  # the button of _follow.html
    return templates


def create_app(kb: KnowledgeBase) -> FastAPI:
    worker = JobWorker(kb.job_runner, kb.jobs, kb.settings.jobs)
    app = FastAPI(title="Südwestoption Wissensdatenbank", version="0.1.0",
                  description="Semantische Suche in Rundschreiben, Protokollen und Rechtstexten "
                              "der Optionskommunen der Südwestoption.",
                  lifespan=_lifespan(worker, kb.settings.jobs.job_worker),
                  docs_url=None, redoc_url=None)  # /docs: webui.api_docs, under the product's CSP
    app.state.kb = kb
    app.state.worker = worker
    app.state.templates = _templates()
    app.state.sample_job = None  # set by `kb serve` while it reads the sample corpus
    security = kb.settings.security
    # Lax, not Strict: a link to a search result from mail or the intranet must arrive signed in.
    app.add_middleware(SessionMiddleware, secret_key=secret_key(kb.settings), session_cookie="kb_session",
                       same_site="lax", https_only=security.secure_cookies,
                       max_age=None)  # ends with the browser; the idle timeout is kept server-side
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_api_route("/favicon.ico", _favicon, include_in_schema=False)  # asked for by browsers and tools
    install_api_docs(app)
    app.state.feedback_limiter = feedback.new_limiter()
    app.state.login_throttle = LoginThrottle(security.login_attempts, security.login_window_minutes * 60)
    app.state.token_throttle = LoginThrottle(security.token_attempts, security.login_window_minutes * 60)
    if security.admin_password:
        kb.accounts.bootstrap_admin(security.admin_password)
    for module in (login, search, precedent, browse, law_changes, documents, feedback, admin, deletion, jobs,
                   accounts, radar, network, groups, contacts, follows, network_feeds):
        app.include_router(module.router)
    _install_handlers(app)
    app.add_middleware(AccessLog)  # outermost: sees every answer, also those of the handlers
    return app


def _install_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _install_handlers(app: FastAPI) -> None:
    _install_headers(app)
    install_error_handlers(app)
