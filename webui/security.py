"""Sessions, CSRF tokens and the admin login.

Forms carry a per-session CSRF token that POST handlers check in constant time; admin actions
need a login with `KB_ADMIN_PASSWORD`. Without a configured password, admin actions stay off:
a safe default for a product that holds internal circulars.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import HTTPException, Request

from kb.config import Settings

CSRF_KEY = "csrf"
ADMIN_KEY = "admin"


def secret_key(settings: Settings) -> str:
    """The configured key, else one generated once and kept in the data directory."""
    if settings.security.secret_key:
        return settings.security.secret_key
    path: Path = settings.storage.resolved_data_dir / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
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


def is_admin(request: Request) -> bool:
    return bool(request.session.get(ADMIN_KEY))


def require_admin(request: Request) -> None:
    if not is_admin(request):
        raise HTTPException(401, "Anmeldung als Verwaltung erforderlich.")


def password_ok(settings: Settings, submitted: str) -> bool:
    expected = settings.security.admin_password
    return bool(expected) and hmac.compare_digest(expected.encode(), submitted.encode())
