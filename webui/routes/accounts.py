"""Admin pages for accounts: users (create, disable, reset password, role) and the audit log.

Every change goes through `kb.services.accounts`, which checks the actor and writes the audit
entry in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from kb.access import ROLES
from kb.domain import DISTRICTS, NETWORK
from kb.services.accounts import AccountError
from kb.services.audit import ACTIONS
from webui.deps import Admin, optional_date
from webui.security import check_csrf

router = APIRouter()


def _users_page(request: Request, error: str | None = None, message: str | None = None, status_code: int = 200):
    context = {"users": request.app.state.kb.accounts.users(), "roles": ROLES, "nav": "verwaltung",
               "districts": [*DISTRICTS, "netzwerk"], "network": NETWORK, "error": error, "message": message}
    return request.app.state.templates.TemplateResponse(request, "users.html", context, status_code=status_code)


@router.get("/verwaltung/benutzer", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, _: Admin):
    return _users_page(request)


@router.post("/verwaltung/benutzer", include_in_schema=False)
def create_user(request: Request, actor: Admin, csrf: Annotated[str, Form()],
                login: Annotated[str, Form(max_length=64)], password: Annotated[str, Form(max_length=1000)],
                district: Annotated[str, Form()], role: Annotated[str, Form()],
                display_name: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    try:
        user = request.app.state.kb.accounts.add_user(actor, login, password, district, role, display_name)
    except AccountError as exc:
        return _users_page(request, error=str(exc), status_code=422)
    return _users_page(request, message=f"Benutzer {user.login} angelegt.")


@router.post("/verwaltung/benutzer/{login}", include_in_schema=False)
def change_user(request: Request, login: str, actor: Admin, csrf: Annotated[str, Form()],
                action: Annotated[str, Form(pattern="^(disable|enable|role|password)$")],
                role: Annotated[str, Form()] = "", password: Annotated[str, Form(max_length=1000)] = ""):
    check_csrf(request, csrf)
    accounts = request.app.state.kb.accounts
    changes = {"disable": lambda: accounts.set_active(actor, login, False),
               "enable": lambda: accounts.set_active(actor, login, True),
               "role": lambda: accounts.set_role(actor, login, role),
               "password": lambda: accounts.set_password(actor, login, password)}
    try:
        user = changes[action]()
    except AccountError as exc:
        return _users_page(request, error=str(exc), status_code=422)
    return _users_page(request, message=f"Benutzer {user.login} geändert.")


@router.get("/verwaltung/protokoll", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, _: Admin, user: Annotated[str, Query(max_length=64)] = "",
               action: Annotated[str, Query(max_length=32)] = "", since: str = "", until: str = "",
               page: Annotated[int, Query(ge=1, le=100_000)] = 1):
    if action and action not in ACTIONS:
        raise HTTPException(422, f"Unbekannte Aktion '{action}'.")
    start, end = optional_date(since, "Von"), optional_date(until, "Bis")
    result = request.app.state.kb.audit.page(
        login=user or None, action=action or None, page=page,
        since=datetime(start.year, start.month, start.day) if start else None,
        until=datetime(end.year, end.month, end.day, 23, 59, 59) if end else None)
    return request.app.state.templates.TemplateResponse(request, "audit.html", {
        "log": result, "actions": ACTIONS, "user": user, "action": action, "since": since, "until": until,
        "nav": "verwaltung"})

