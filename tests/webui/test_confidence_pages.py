"""What the pages and the API say about the answer confidence.

With the fake embedder the vectors mean nothing, so at the real thresholds no passage matches:
exactly the case of a question the collection cannot answer, which is what the notice, the weak
marking and the honest Kreisvergleich are for. (That the real model gives `keine` to the right
questions is tested in tests/kb/test_confidence_real.py.)
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import CORPUS, MODEL_CACHE
from webui.app import create_app

NOTICE = "Zu Ihrer Frage wurde keine passende Textstelle gefunden."


@pytest.fixture(scope="module")
def strict_client(tmp_path_factory):
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("strict") / "data", embedder="fake",
                                model_dir=MODEL_CACHE, admin_password="test-passwort", secret_key="test-secret",
                                anonymous_read=True))  # default thresholds
    kb.ingesting.ingest([CORPUS / "saarlouis", CORPUS / "kusel", CORPUS / "netzwerk"])
    yield TestClient(create_app(kb))
    kb.close()


def test_api_results_carry_confidence_url_and_the_response_a_match(strict_client):
    body = strict_client.get("/api/search", params={"q": "Hundesteuer für Listenhunde"}).json()
    assert body["match"] == "keine" and body["total_matching"] == 0
    hit = body["results"][0]
    assert 0 <= hit["confidence"] < 0.2
    assert hit["url"] == f"/dokument/{hit['document_id']}?chunk={hit['chunk_id']}#abschnitt-{hit['chunk_id']}"
    assert hit["highlights"] == []  # no answer sentences in a passage that answers nothing
    assert strict_client.get(hit["url"]).status_code == 200


def test_search_page_says_plainly_that_nothing_matches(strict_client):
    page = strict_client.get("/", params={"q": "Hundesteuer für Listenhunde"}).text
    assert NOTICE in page
    assert page.count('<article class="hit weak"') == page.count('<article class="hit') == 10  # all marked weak
    assert "unsicherer Treffer" in page
    assert '<mark class="answer">' not in page and "etwa" not in page.split(NOTICE)[1].split("</ol>")[0]


def test_precedent_view_counts_no_district_without_a_match(strict_client):
    view = strict_client.get("/api/precedent", params={"q": "Erstausstattung Wohnung"}).json()
    assert len(view["groups"]) == 8 and not any(g["hit"] for g in view["groups"])
    assert view["network"] is None
    page = strict_client.get("/vergleich", params={"q": "Erstausstattung Wohnung"}).text
    assert "Kein Kreis hat eine passende Textstelle" in page and "0 von 8 Kreisen" in page
    assert page.count("kein Treffer") == 8


def test_matching_search_shows_a_hit_count_and_no_notice(corpus_client):
    """The page tests' corpus counts every passage as a match (fake vectors, thresholds 0)."""
    body = corpus_client.get("/api/search", params={"q": "Mietkaution als Darlehen"}).json()
    assert body["match"] == "gut" and body["total_matching"] >= len(body["results"])
    page = corpus_client.get("/", params={"q": "Mietkaution als Darlehen"}).text
    assert NOTICE not in page and f"etwa {body['total_matching']} Treffer" in page
    assert 'class="hit weak"' not in page


def test_network_documents_are_shown_apart_and_not_counted_as_a_district(corpus_client):
    view = corpus_client.get("/api/precedent", params={"q": "Protokoll Arbeitskreis Option"}).json()
    districts = [g["district"] for g in view["groups"]]
    assert "Südwestoption" not in districts and len(districts) == 8
    assert view["network"]["hit"]["district"] == "Südwestoption"
    page = corpus_client.get("/vergleich", params={"q": "Protokoll Arbeitskreis Option"}).text
    assert "Aus dem Netzwerk" in page and "kein Kreis, nicht mitgezählt" in page
    found = len([g for g in view["groups"] if g["hit"]])
    assert f"{found} von 8 Kreisen" in page
