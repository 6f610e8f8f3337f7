"""Old links to deleted documents answer 410 "gelöscht" with the current version, never another
document: ids are not reused, and what the page reveals obeys the document's visibility
(issue 16; SQLite, fake embedder)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from kb.domain import MetaHints
from webui.app import create_app


def _versions(kb, folder, count: int) -> list[int]:
    """`count` versions of one Weisung (the same file, changed each time)."""
    path, ids = folder / "weisung-fahrtkosten.md", []
    for n in range(count):
        path.write_text(f"# Weisung Fahrtkosten\n\nFahrtkosten werden bis {20 + n} Euro erstattet.\n", encoding="utf-8")
        ids.append(kb.ingesting.ingest([path], MetaHints(district="Kusel")).files[0].document_id)
    return ids


@pytest.fixture
def client(fake_kb) -> TestClient:
    return TestClient(create_app(fake_kb))


def test_a_deleted_old_version_links_to_the_current_one(fake_kb, client, tmp_path):
    old, current = _versions(fake_kb, tmp_path, 2)
    assert fake_kb.ingesting.delete(str(old)) == "Weisung Fahrtkosten"
    page = client.get(f"/dokument/{old}", headers={"accept": "text/html"})
    assert page.status_code == 410 and "Dieses Dokument wurde gelöscht" in page.text
    assert "„Weisung Fahrtkosten“ wurde am" in page.text and f'<a href="/dokument/{current}">' in page.text
    api = client.get(f"/api/documents/{old}")
    assert api.status_code == 410
    assert api.json()["current"] == {"id": current, "title": "Weisung Fahrtkosten", "url": f"/dokument/{current}"}
    assert client.get(f"/api/documents/{old}/similar").status_code == 410
    assert client.get(f"/dokument/{old}/datei").status_code == 410


def test_deleting_the_current_version_points_back_to_the_one_in_force_again(fake_kb, client, tmp_path):
    first, newest = _versions(fake_kb, tmp_path, 2)
    fake_kb.ingesting.delete(str(newest))
    assert client.get(f"/api/documents/{newest}").json()["current"]["id"] == first
    assert client.get(f"/api/documents/{first}").status_code == 200


def test_a_replaced_circular_deleted_links_to_its_replacement(fake_kb, client, tmp_path):
    (tmp_path / "rs-alt.md").write_text("# Rundschreiben alt\n\nHeizkosten nach Tabelle.\n", encoding="utf-8")
    (tmp_path / "rs-neu.md").write_text("# Rundschreiben neu\n\nHeizkosten nach Verbrauch.\n", encoding="utf-8")
    (tmp_path / "rs-neu.md.meta.json").write_text(json.dumps({"replaces": "rs-alt.md"}), encoding="utf-8")
    old = fake_kb.ingesting.ingest([tmp_path / "rs-alt.md"]).files[0].document_id
    new = fake_kb.ingesting.ingest([tmp_path / "rs-neu.md"]).files[0].document_id
    fake_kb.ingesting.delete(str(old))
    assert client.get(f"/api/documents/{old}").json()["current"]["title"] == "Rundschreiben neu"
    assert client.get(f"/api/documents/{old}").json()["current"]["id"] == new


def test_ids_are_not_reused_and_unknown_ids_stay_404(fake_kb, client, tmp_path):
    (only,) = _versions(fake_kb, tmp_path, 1)
    fake_kb.ingesting.delete(str(only))
    (tmp_path / "neu.md").write_text("# Neues Rundschreiben\n\nText.\n", encoding="utf-8")
    newer = fake_kb.ingesting.ingest([tmp_path / "neu.md"]).files[0].document_id
    assert newer > only
    gone = client.get(f"/api/documents/{only}").json()
    assert gone["title"] == "Weisung Fahrtkosten" and gone["current"] is None
    page = client.get(f"/dokument/{only}", headers={"accept": "text/html"}).text
    assert "Eine neuere Fassung gibt es nicht." in page
    assert client.get(f"/api/documents/{newer + 1}").status_code == 404


def test_the_title_of_another_district_s_internal_document_stays_hidden(fake_kb, client, tmp_path):
    (tmp_path / "intern.md").write_text("# Interne Dienstanweisung Kusel\n\nNur für Kusel.\n", encoding="utf-8")
    doc = fake_kb.ingesting.ingest([tmp_path / "intern.md"], MetaHints(district="Kusel", visibility="intern")
                                   ).files[0].document_id
    fake_kb.ingesting.delete(str(doc))
    seen_by_anonymous = client.get(f"/api/documents/{doc}")
    assert seen_by_anonymous.status_code == 410 and seen_by_anonymous.json()["title"] is None
    assert "Interne Dienstanweisung" not in client.get(f"/dokument/{doc}", headers={"accept": "text/html"}).text
    assert fake_kb.documents.gone(doc).title == "Interne Dienstanweisung Kusel"  # the system sees it


def test_the_api_schema_documents_410(client):
    responses = client.get("/openapi.json").json()["paths"]["/api/documents/{document_id}"]["get"]["responses"]
    assert "410" in responses and "gelöscht" in responses["410"]["description"]
