"""Deleting in the browser asks first: the button opens a page naming the document, and only its
form (CSRF, `bestaetigt=ja`) deletes; who may delete is the core's decision (SQLite, fake embedder)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.access import SYSTEM
from kb.domain import MetaHints
from tests.webui.logins import csrf_of, login
from webui.app import create_app

PASSWORD = "geheim-genug-123"
TEXT = "# Rundschreiben Heizkosten\n\nNach § 22 SGB II werden Heizkosten in angemessener Höhe übernommen.\n"


@pytest.fixture
def world(fake_kb, tmp_path):
    path = tmp_path / "heizkosten.md"
    path.write_text(TEXT, encoding="utf-8")
    doc = fake_kb.ingesting.ingest([path], MetaHints(district="Kusel")).files[0].document_id
    for name, district, role in (("kusel.red", "Kusel", "redakteur"), ("mainz.red", "Mainz-Bingen", "redakteur"),
                                 ("kusel.les", "Kusel", "leser")):
        fake_kb.accounts.add_user(SYSTEM, name, PASSWORD, district, role)
    return fake_kb, create_app(fake_kb), doc


def _client(app, name: str) -> TestClient:
    client = TestClient(app)
    assert login(client, name, PASSWORD).status_code == 303
    return client


def test_the_button_opens_a_confirmation_and_only_its_form_deletes(world):
    kb, app, doc = world
    client = _client(app, "kusel.red")
    listing = client.get("/verwaltung").text
    assert f'href="/verwaltung/loeschen/{doc}"' in listing and 'action="/verwaltung/loeschen' not in listing
    page = client.get(f"/verwaltung/loeschen/{doc}")
    assert page.status_code == 200 and "Rundschreiben Heizkosten" in page.text and "Endgültig löschen" in page.text
    unconfirmed = client.post(f"/verwaltung/loeschen/{doc}", data={"csrf": csrf_of(page.text)})
    assert unconfirmed.status_code == 200 and "Endgültig löschen" in unconfirmed.text
    assert kb.admin.stats().documents == 1  # asking deleted nothing
    done = client.post(f"/verwaltung/loeschen/{doc}", data={"csrf": csrf_of(page.text), "bestaetigt": "ja"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/verwaltung"
    assert "Gelöscht: Rundschreiben Heizkosten" in client.get("/verwaltung").text
    assert kb.admin.stats().documents == 0


def test_other_districts_readers_and_forged_forms_cannot_delete(world):
    kb, app, doc = world
    assert _client(app, "mainz.red").get(f"/verwaltung/loeschen/{doc}").status_code == 403
    assert _client(app, "kusel.les").get(f"/verwaltung/loeschen/{doc}").status_code == 403
    other = _client(app, "mainz.red")
    token = csrf_of(other.get("/verwaltung").text)
    assert other.post(f"/verwaltung/loeschen/{doc}", data={"csrf": token, "bestaetigt": "ja"}).status_code == 403
    own = _client(app, "kusel.red")
    assert own.post(f"/verwaltung/loeschen/{doc}", data={"csrf": "falsch", "bestaetigt": "ja"}).status_code == 403
    assert own.get("/verwaltung/loeschen/999999").status_code == 404
    assert kb.admin.stats().documents == 1
