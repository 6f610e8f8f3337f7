"""Versions and supersession as the web shows them: search filters, notices, the history."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from webui.app import create_app

OLD = "# Fahrtkosten\n\nFahrtkosten zu Meldeterminen werden bis 20 Euro erstattet.\n"
NEW = "# Fahrtkosten\n\nFahrtkosten zu Meldeterminen werden nach Beleg erstattet.\n"


@pytest.fixture
def replaced(fake_kb, tmp_path):
    """rs-alt (Kusel) replaced by rs-neu; a Weisung in two versions."""
    (tmp_path / "rs-alt.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "rs-neu.md").write_text(NEW, encoding="utf-8")
    (tmp_path / "rs-neu.md.meta.json").write_text(json.dumps({"replaces": "rs-alt.md", "district": "Kusel"}))
    (tmp_path / "rs-alt.md.meta.json").write_text(json.dumps({"district": "Kusel"}))
    old = fake_kb.ingesting.ingest([tmp_path / "rs-alt.md"]).files[0].document_id
    new = fake_kb.ingesting.ingest([tmp_path / "rs-neu.md"]).files[0].document_id
    return TestClient(create_app(fake_kb)), old, new


def ids_in(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'href="/dokument/(\d+)\?chunk=', html)}


def test_search_page_hides_the_replaced_circular_and_shows_it_with_notice_on_request(replaced):
    client, old, new = replaced
    assert ids_in(client.get("/", params={"q": "Fahrtkosten Meldeterminen"}).text) == {new}
    page = client.get("/", params={"q": "Fahrtkosten Meldeterminen", "outdated": "1"}).text
    assert ids_in(page) == {old, new}
    assert "Ersetzt</strong>" in page and f'href="/dokument/{new}">ersetzt durch' in page
    assert "Gezeigt werden alle Fassungen" in page


def test_api_search_takes_as_of_and_include_outdated(replaced):
    client, old, new = replaced
    def ids(**params):
        hits = client.get("/api/search", params={"q": "Fahrtkosten", "mode": "lexical", **params}).json()["results"]
        return {h["document_id"]: h["state"] for h in hits}
    assert ids() == {new: "current"}
    assert ids(include_outdated="true") == {old: "replaced", new: "current"}
    assert ids(as_of="2000-01-01") == {old: "replaced"}  # in force then; the state says what holds today
    assert client.get("/api/search", params={"q": "x", "as_of": "gestern"}).status_code == 422


def test_document_page_of_a_replaced_circular_names_its_successor(replaced):
    client, old, new = replaced
    page = client.get(f"/dokument/{old}").text
    assert 'class="validity-notice state-replaced"' in page and f'<a href="/dokument/{new}">' in page
    assert "Nachfolger" in page
    assert f'href="/dokument/{old}"' in client.get(f"/dokument/{new}").text  # "Ersetzt: …"


def test_document_page_lists_the_versions_with_who_and_when(fake_kb, tmp_path):
    path = tmp_path / "weisung.md"
    ids = []
    for text in ("# Weisung\n\nErste Fassung.\n", "# Weisung\n\nZweite Fassung.\n"):
        path.write_text(text, encoding="utf-8")
        ids.append(fake_kb.ingesting.ingest([path]).files[0].document_id)
    client = TestClient(create_app(fake_kb))
    page = client.get(f"/dokument/{ids[1]}").text
    assert "Fassungen</h2>" in page and "2 (diese)" in page and f'href="/dokument/{ids[0]}">Fassung 1' in page
    assert f"/dokument/{ids[1]}/vergleich?mit={ids[0]}" in page
    older = client.get(f"/dokument/{ids[0]}").text
    assert "Ältere Fassung</strong>" in older and f'href="/dokument/{ids[1]}">zur neueren Fassung' in older


def test_validity_and_replacement_are_edited_on_the_document_page_and_audited(fake_kb, tmp_path):
    from tests.webui.logins import csrf_of, login

    ids = []
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(f"# {name}\n\nMietkaution {name} als Darlehen.\n", encoding="utf-8")
        ids.append(fake_kb.ingesting.ingest([tmp_path / name]).files[0].document_id)
    client = TestClient(create_app(fake_kb))
    assert login(client).status_code == 303
    token = csrf_of(client.get(f"/dokument/{ids[1]}").text)
    form = {"csrf": token, "title": "B", "doc_type": "Rundschreiben", "valid_from": "2026-01-01", "replaces": "a.md"}
    assert client.post(f"/verwaltung/metadaten/{ids[1]}", data=form, follow_redirects=False).status_code == 303
    assert ids_in(client.get("/", params={"q": "Mietkaution Darlehen"}).text) == {ids[1]}
    old = fake_kb.documents.detail(ids[0])
    assert (old.state, old.superseded_by, str(old.superseded_on)) == ("replaced", ids[1], "2026-01-01")
    assert fake_kb.audit.page(action="replaces").entries[0].detail["replaces"] == ids[0]
    bad = dict(form, valid_from="2026-05-01", valid_to="2026-02-01", replaces="")
    assert client.post(f"/verwaltung/metadaten/{ids[1]}", data=bad).status_code == 422


def test_api_patch_sets_one_date_and_keeps_the_other(fake_kb, tmp_path):
    from tests.webui.logins import bearer

    (tmp_path / "a.md").write_text("# A\n\nHeizkosten nach Abrechnung.\n", encoding="utf-8")
    doc = fake_kb.ingesting.ingest([tmp_path / "a.md"]).files[0].document_id
    client = TestClient(create_app(fake_kb), headers=bearer(fake_kb))
    assert client.patch(f"/api/documents/{doc}", json={"valid_to": "2024-12-31"}).json()["state"] == "expired"
    changed = client.patch(f"/api/documents/{doc}", json={"valid_from": "2024-01-01"}).json()
    assert (changed["valid_from"], changed["valid_to"]) == ("2024-01-01", "2024-12-31")
    assert ids_in(client.get("/", params={"q": "Heizkosten"}).text) == set()  # expired: not found today
    assert client.patch(f"/api/documents/{doc}", json={"valid_to": None}).json()["state"] == "current"
    assert client.patch(f"/api/documents/{doc}", json={"replaces": str(doc)}).status_code == 422


def test_the_document_list_shows_what_is_in_force_and_everything_on_request(replaced):
    client, old, new = replaced
    listed = client.get("/dokumente").text
    assert f'href="/dokument/{new}"' in listed and f'href="/dokument/{old}"' not in listed
    everything = client.get("/dokumente", params={"outdated": "1"}).text
    assert f'href="/dokument/{old}">' in everything and '<span class="tag state">ersetzt</span>' in everything
    api = client.get("/api/browse", params={"include_outdated": "true"}).json()
    assert {d["id"]: d["state"] for d in api["documents"]} == {old: "replaced", new: "current"}


def test_an_upload_states_validity_and_what_it_replaces(fake_kb, tmp_path):
    from tests.webui.logins import bearer

    (tmp_path / "alt.md").write_text("# Alt\n\nFahrtkosten Meldetermin pauschal.\n", encoding="utf-8")
    old = fake_kb.ingesting.ingest([tmp_path / "alt.md"]).files[0].document_id
    client = TestClient(create_app(fake_kb), headers=bearer(fake_kb))
    files = {"files": ("neu.md", b"# Neu\n\nFahrtkosten Meldetermin nach Beleg.\n", "text/markdown")}
    created = client.post("/api/documents", files=files, data={
        "visibility": "netzwerk", "valid_from": "2026-01-01", "valid_to": "2027-12-31", "replaces": str(old)})
    assert created.status_code == 200, created.text
    new = fake_kb.documents.detail(created.json()["document_id"])
    assert (str(new.valid_from), str(new.valid_to)) == ("2026-01-01", "2027-12-31")
    assert fake_kb.documents.detail(old).superseded_by == new.id
    files = {"files": ("x.md", b"# X\n\nText.\n", "text/markdown")}
    refused = client.post("/api/documents", files=files, data={"valid_from": "2026-05-01", "valid_to": "2026-01-01"})
    assert refused.status_code == 422 and "liegt vor" in refused.json()["detail"]
