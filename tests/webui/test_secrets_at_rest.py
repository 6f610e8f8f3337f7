"""Passwords and tokens never rest in clear: not in the database file, not in the log."""

from __future__ import annotations

import logging

from fastapi.testclient import TestClient

from kb.access import SYSTEM
from tests.conftest import MODEL_CACHE
from tests.webui.logins import login
from webui.app import create_app

PASSWORD = "Sehr-Geheimes-Passwort-4711"
NEW_PASSWORD = "Noch-Geheimeres-Passwort-0815"


def test_no_password_or_token_in_the_database_file_or_the_log(tmp_path, caplog):
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    caplog.set_level(logging.DEBUG)
    settings = Settings(data_dir=tmp_path / "data", embedder="fake", model_dir=MODEL_CACHE,
                        secret_key="test-secret", admin_password="Bootstrap-Passwort-42", log_level="DEBUG")
    kb = KnowledgeBase(settings)
    kb.accounts.add_user(SYSTEM, "kusel.leser", PASSWORD, "Kusel", "leser")
    _id, token = kb.accounts.create_token(SYSTEM, "kusel.leser", "Skript")
    client = TestClient(create_app(kb))
    assert login(client, "kusel.leser", PASSWORD).status_code == 303
    assert login(TestClient(create_app(kb)), "kusel.leser", "falsch-falsch-falsch").status_code == 401
    assert client.get("/api/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    kb.accounts.set_password(SYSTEM, "kusel.leser", NEW_PASSWORD)
    session_id = client.cookies.get("kb_session")
    kb.close()
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    secrets = [PASSWORD, NEW_PASSWORD, "Bootstrap-Passwort-42", "falsch-falsch-falsch", token]
    assert stored.count(b"$argon2id$") >= 2  # the hashes are there, the secrets are not
    for secret in secrets:
        assert secret.encode() not in stored, f"im Klartext gespeichert: {secret[:6]}…"
        assert secret not in caplog.text, f"im Log: {secret[:6]}…"
    assert session_id and "kusel.leser" not in session_id  # the cookie is signed, holds only an id
