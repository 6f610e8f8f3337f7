"""The network's pages as a browser without JavaScript uses them: lists, asking in two steps,
answering, "Hat geholfen", edit with history, withdraw, hide; and the questions listed on the
document and norm pages they cite."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.access import SYSTEM
from tests.webui.logins import login
from webui.app import create_app

PASSWORD = "geheim-passwort-1"
USERS = {"kusel": ("Kusel", "leser"), "myk": ("Mayen-Koblenz", "leser"), "chef": ("Südwestoption", "admin")}


@pytest.fixture
def app(fake_kb):
    for name, (district, role) in USERS.items():
        fake_kb.accounts.add_user(SYSTEM, name, PASSWORD, district, role)
    return create_app(fake_kb)


def client_of(app, name: str | None) -> TestClient:
    client = TestClient(app)
    if name:
        assert login(client, name, PASSWORD).status_code == 303
    return client


def principal(fake_kb, name: str):
    return fake_kb.accounts.principal(name)


def test_document_and_norm_pages_list_the_questions_citing_them(app, fake_kb, tmp_path) -> None:
    note = tmp_path / "rundschreiben.md"
    note.write_text("# Rundschreiben 4/2026\n\nSchulbedarf nach § 28 SGB II.\n", encoding="utf-8")
    doc_id = fake_kb.ingesting.ingest([note]).files[0].document_id
    qid = fake_kb.network.acting(principal(fake_kb, "kusel")).ask(
        "Schulbedarf im Sommer", "Wann zahlt ihr den Schulbedarf nach § 28 SGB II aus?", documents=[doc_id])
    reader = client_of(app, "myk")
    page = reader.get(f"/dokument/{doc_id}").text
    assert "Fragen im Netzwerk zu diesem Dokument" in page and f'href="/netzwerk/fragen/{qid}"' in page
    norm = reader.get("/normen/SGB II § 28").text
    assert "Fragen im Netzwerk zu dieser Norm" in norm and "Schulbedarf im Sommer" in norm
    assert "Fragen im Netzwerk" not in reader.get(f"/dokument/{doc_id + 1}").text
