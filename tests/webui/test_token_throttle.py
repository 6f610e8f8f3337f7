"""Wrong API tokens are limited per address like failed logins: a script cannot try tokens at
speed, and past the limit even a right token is refused unchecked (a late lucky guess looks like
any other)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.webui.logins import bearer
from webui.app import create_app


def test_after_the_limit_of_wrong_tokens_the_address_is_refused_with_a_german_429(fake_kb):
    fake_kb.settings.security.token_attempts = 3
    client = TestClient(create_app(fake_kb))
    good = bearer(fake_kb)
    assert client.get("/api/documents", headers=good).status_code == 200
    wrong = [client.get("/api/documents", headers={"Authorization": f"Bearer falsch-{n}"}) for n in range(3)]
    assert [r.status_code for r in wrong] == [401] * 3
    refused = client.get("/api/documents", headers=good)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) == 15 * 60
    assert refused.json()["detail"] == "Zu viele ungültige Tokens von dieser Adresse. Bitte warten Sie einige Minuten."
    assert client.get("/api/documents", headers={"Authorization": "Bearer falsch-4"}).status_code == 429


def test_right_tokens_do_not_count(fake_kb):
    fake_kb.settings.security.token_attempts = 2
    client = TestClient(create_app(fake_kb))
    good = bearer(fake_kb)
    for _ in range(5):
        assert client.get("/api/documents", headers=good).status_code == 200
    client.get("/api/documents", headers={"Authorization": "Bearer falsch"})
    assert client.get("/api/documents", headers=good).status_code == 200  # one wrong is below the limit
