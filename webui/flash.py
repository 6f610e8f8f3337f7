"""One-time notices after a redirect ("Danke für Ihre Rückmeldung"), kept in the session.

Post/redirect/get keeps the back button and reloads harmless; the notice survives the redirect in
the signed session cookie and is shown once, next to the result it concerns.
"""

from __future__ import annotations

from fastapi import Request

FLASH_KEY = "flash"


def flash(request: Request, message: str, target: int | None = None) -> None:
    request.session[FLASH_KEY] = {"message": message[:200], "target": target}


def pop_flash(request: Request) -> dict | None:
    return request.session.pop(FLASH_KEY, None)
