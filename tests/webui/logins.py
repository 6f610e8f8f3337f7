"""Signing in from tests: through the real login form, or with a personal API token."""

from __future__ import annotations

import re

from kb.access import SYSTEM

ADMIN = ("admin", "test-passwort")  # created from KB_ADMIN_PASSWORD by the app at start


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(client, name: str = ADMIN[0], password: str = ADMIN[1]):
    """Post the login form as a browser would; returns the response (303 on success)."""
    token = csrf_of(client.get("/anmelden").text)
    return client.post("/anmelden", data={"login": name, "password": password, "csrf": token},
                       follow_redirects=False)


def bearer(kb, name: str = ADMIN[0]) -> dict[str, str]:
    """An `Authorization` header with a fresh personal token of the user."""
    _id, token = kb.accounts.create_token(SYSTEM, name, "Test")
    return {"Authorization": f"Bearer {token}"}


def signed_in_reader(kb, app, name: str = "kusel.leser", password: str = "geheim-genug-123",
                     district: str = "Kusel"):
    """A TestClient signed in as a new reader of `district` (created here)."""
    from fastapi.testclient import TestClient

    kb.accounts.add_user(SYSTEM, name, password, district, "leser")
    client = TestClient(app)
    assert login(client, name, password).status_code == 303
    return client
