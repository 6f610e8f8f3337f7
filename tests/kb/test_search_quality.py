"""Search with the real model over the real SGB II text: the questions caseworkers ask."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.services.schemas import SearchFilters, SearchQuery
from kb_cli.search_cmd import api_json
from tests.conftest import model_kb
from tests.webui.logins import bearer
from webui.app import create_app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sgb2_kb(tmp_path_factory, laws_md, model_path, real_embedder):
    kb = model_kb(tmp_path_factory.mktemp("sgb2") / "data", model_path, real_embedder)
    report = kb.ingesting.ingest([laws_md / "sgb_2.md"])
    assert report.files[0].status == "added"
    yield kb
    kb.close()


def sections(kb, text: str, k: int = 5, **filters) -> list[str]:
    hits = kb.searching.search(SearchQuery(text=text, k=k, filters=SearchFilters(**filters))).results
    return [h.section or "" for h in hits]


def test_heating_question_finds_paragraph_22(sgb2_kb):
    assert any(s.startswith("§ 22 –") for s in sections(sgb2_kb, "Wer übernimmt die Heizkosten?"))


@pytest.mark.parametrize("query", [
    "Unterkunftskosten bei Umzug ohne Zusicherung",
    "KdU",
    "§ 22 Abs. 1 SGB II",
    "§22 I 1 SGB II",
    "Paragraf 22 SGB 2",
])
def test_field_language_and_citations_rank_paragraph_22_first(sgb2_kb, query):
    assert sections(sgb2_kb, query)[0].startswith("§ 22 –")


def test_english_question_still_finds_paragraph_22(sgb2_kb):
    assert any(s.startswith("§ 22 –") for s in sections(sgb2_kb, "reasonable housing costs"))


def test_law_chunks_know_their_norm_and_the_norm_filter_works(sgb2_kb):
    hits = sgb2_kb.searching.search(SearchQuery(text="Zusicherung", k=10,
                                      filters=SearchFilters(norm=["SGB II § 22"]))).results
    assert hits and all("SGB II § 22" in h.norms for h in hits)
    assert hits[0].norms[0] == "SGB II § 22"  # the norm a law chunk *is* comes first


def test_answer_sentences_are_marked(sgb2_kb):
    query = SearchQuery(text="Wann wird eine Mietkaution als Darlehen erbracht?", k=3)
    hit = sgb2_kb.searching.search(query).results[0]
    assert hit.highlights
    marked = " ".join(hit.text[h.start:h.end] for h in hit.highlights)
    assert "Mietkaution" in marked
    assert all(0 <= h.start < h.end <= len(hit.text) for h in hit.highlights)


def test_cli_json_equals_api_json(sgb2_kb):
    query = "Erreichbarkeit und Ortsabwesenheit"
    cli = api_json(sgb2_kb.searching.search(SearchQuery(text=query, k=5)))
    app = create_app(sgb2_kb)  # creates the admin account from KB_ADMIN_PASSWORD
    client = TestClient(app, headers=bearer(sgb2_kb))  # an admin, like the local CLI, sees everything
    api = client.get("/api/search", params={"q": query, "k": 5}).json()
    import json

    cli_data = json.loads(cli)
    for data in (cli_data, api):
        data.pop("took_ms")
    assert cli_data == api
    assert api["results"][0]["section"].startswith("§ 7b –")


def test_paging_neither_repeats_nor_skips_a_result(sgb2_kb):
    """Later pages ask for more candidates; the order of the first ones must not change with
    that, or page 7 repeats what page 3 showed and drops what page 4 would have shown."""
    query = "Leistungen zur Eingliederung in Arbeit"
    pages = [sgb2_kb.searching.search(SearchQuery(text=query, k=10, offset=o, highlight=False)).results
             for o in range(0, 150, 10)]
    ids = [h.chunk_id for page in pages for h in page]
    assert len(ids) == 150
    assert len(set(ids)) == len(ids)
    assert [h.rank for page in pages for h in page] == list(range(1, 151))


@pytest.mark.parametrize(("typed", "meant", "section"), [
    ("Unterkunfskosten bei Umzug ohne Zusicherng", "Unterkunftskosten bei Umzug ohne Zusicherung", "§ 22 –"),
    ("Mehrbedraf für Alleinerziehnde", "Mehrbedarf für Alleinerziehende", "§ 21 –"),
])
def test_typing_errors_are_corrected_and_find_the_same_paragraph(sgb2_kb, typed, meant, section):
    response = sgb2_kb.searching.search(SearchQuery(text=typed, k=5))
    assert response.corrected_query == meant
    assert (response.results[0].section or "").startswith(section)
    exact = sgb2_kb.searching.search(SearchQuery(text=typed, k=5, spellcheck=False))
    assert exact.corrected_query is None
