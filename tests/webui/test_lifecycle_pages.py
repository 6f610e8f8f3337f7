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
