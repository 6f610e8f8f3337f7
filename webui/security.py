"""Who is asking: the session cookie or an API token turned into a `Principal`, CSRF tokens,
and the three gates (read, edit, administer) that routes depend on.

The cookie (signed, HttpOnly, SameSite=Lax, Secure when configured) holds only a random session
id; the session itself — its user, its idle timeout, its end at logout — lives in the database
(`kb.services.accounts`). The JSON API takes personal tokens as `Authorization: Bearer`. What a
principal may *see* is decided in the core; these gates only say whether they may use a page.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from fastapi import HTTPException, Request

from kb.access import ANONYMOUS, Principal
from kb.config import Settings

CSRF_KEY = "csrf"
SESSION_KEY = "sid"


def secret_key(settings: Settings) -> str:
    """The configured key, else one generated once and kept in the data directory."""
    if settings.security.secret_key:
        return settings.security.secret_key
    path: Path = settings.storage.resolved_data_dir / ".secret_key"
    if not path.exists():  # created owner-only (0600), like everything in the data directory
        with os.fdopen(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_KEY] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get(CSRF_KEY)
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise HTTPException(403, "Sicherheitstoken fehlt oder ist abgelaufen. Bitte Seite neu laden.")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unbekannt"


def current_principal(request: Request) -> Principal:
    """The principal of this request (once per request): token, else session, else anonymous."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    accounts = request.app.state.kb.accounts
    found: Principal | None = None
    authorization = request.headers.get("authorization", "")
    if authorization[:7].lower() == "bearer ":
        found = _token_principal(request, authorization[7:].strip())
    elif sid := request.session.get(SESSION_KEY):
        found = accounts.session_principal(sid)
        if found is None:  # ended, idle or disabled: the cookie is worthless now
            request.session.pop(SESSION_KEY, None)
    request.state.principal = found or ANONYMOUS
    return request.state.principal


def _token_principal(request: Request, token: str) -> Principal:
    """A token's account; wrong tokens are counted per address like failed logins, and past the
    limit (KB_TOKEN_ATTEMPTS in KB_LOGIN_WINDOW_MINUTES) refused unchecked — so a script cannot
    try tokens at speed, and a valid one guessed late is no different from a wrong one."""
    throttle, key = request.app.state.token_throttle, f"token:{client_address(request)}"
    if throttle.blocked(key):
        raise HTTPException(429, "Zu viele ungültige Tokens von dieser Adresse. Bitte warten Sie einige Minuten.",
                            headers={"Retry-After": str(int(throttle.window))})
    found = request.app.state.kb.accounts.token_principal(token)
    if found is None:
        throttle.failed(key)
        raise HTTPException(401, "Ungültiges oder widerrufenes Token.", headers={"WWW-Authenticate": "Bearer"})
    return found


def reader(request: Request) -> Principal:
    """Anyone signed in; anonymous readers only when `KB_ANONYMOUS_READ` is on."""
    principal = current_principal(request)
    if principal.anonymous and not request.app.state.kb.settings.security.anonymous_read:
        raise HTTPException(401, "Bitte melden Sie sich an.", headers={"WWW-Authenticate": "Bearer"})
    return principal


def _token_only(request: Request) -> None:
    """Writes through the JSON API need a personal token: a session cookie carries no CSRF
    token there, so it must not be able to change anything on its own."""
    if request.url.path.startswith("/api/") and request.method not in ("GET", "HEAD", "OPTIONS") \
            and request.headers.get("authorization", "")[:7].lower() != "bearer ":
        raise HTTPException(401, "Schreibzugriffe über die API brauchen ein persönliches Token "
                                 "(Authorization: Bearer …, siehe kb token create).",
                            headers={"WWW-Authenticate": "Bearer"})


def editor(request: Request) -> Principal:
    """Redakteure and admins (which documents they may change, the core decides)."""
    _token_only(request)
    principal = current_principal(request)
    if principal.anonymous:
        raise HTTPException(401, "Bitte melden Sie sich an.", headers={"WWW-Authenticate": "Bearer"})
    if principal.role not in ("redakteur", "admin"):
        raise HTTPException(403, "Dafür ist die Rolle Redakteur oder Verwaltung nötig.")
    return principal


def administrator(request: Request) -> Principal:
    principal = editor(request)
    if not principal.is_admin:
        raise HTTPException(403, "Dafür ist die Rolle Verwaltung (admin) nötig.")
    return principal
