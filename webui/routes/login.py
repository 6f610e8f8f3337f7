"""Login and logout: a name and password checked by the core, a fresh server-side session.

The error never says whether the name or the password was wrong; repeated failures per account
and per address are throttled; a successful login starts a new cookie session (no fixation) and
returns to where the user wanted to go, on this site only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse

from webui.routes.feedback import safe_back
from webui.security import SESSION_KEY, check_csrf, client_address, current_principal

router = APIRouter()
FAILED = "Anmeldung fehlgeschlagen: Name oder Passwort ist falsch, oder das Konto ist gesperrt."
THROTTLED = "Zu viele Fehlversuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut."


def _page(request: Request, next_url: str, error: str | None = None, status_code: int = 200):
    return request.app.state.templates.TemplateResponse(
        request, "login.html", {"next": safe_back(next_url), "error": error}, status_code=status_code)


@router.get("/anmelden", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/"):
    return _page(request, next)


@router.post("/anmelden", include_in_schema=False)
def login(request: Request, login: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=1000)], csrf: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/"):
    check_csrf(request, csrf)
    throttle, address = request.app.state.login_throttle, client_address(request)
    name = login.strip().lower()
    keys = (f"user:{name}", f"addr:{address}")
    if throttle.blocked(*keys):
        return _page(request, next, THROTTLED, 429)
    principal = request.app.state.kb.accounts.authenticate(name, password, address)
    if principal is None:
        throttle.failed(*keys)
        return _page(request, next, FAILED, 401)
    throttle.succeeded(keys[0])
    request.session.clear()
    request.session[SESSION_KEY] = request.app.state.kb.accounts.open_session(principal)
    return RedirectResponse(safe_back(next), status.HTTP_303_SEE_OTHER)


@router.post("/abmelden", include_in_schema=False)
def logout(request: Request, csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    principal, sid = current_principal(request), request.session.get(SESSION_KEY)
    if sid and not principal.anonymous:
        request.app.state.kb.accounts.close_session(sid, principal, client_address(request))
    request.session.clear()
    return RedirectResponse("/anmelden", status.HTTP_303_SEE_OTHER)
