"""Answer confidence with the real model: `match` separates the questions the corpus answers from
those it cannot (acceptance of issue 16), and the Kreisvergleich claims only what is there.

Answerable: the development set and the project's sets over the evaluation corpus (as in
test_eval_dev.py), eval/sample.jsonl over the sample corpus; unanswerable: eval/unanswerable.jsonl
over the sample corpus. The sample corpus is read as the network's reader sees it (anonymous, as
in the demo): a district's internal documents are not part of that collection. Figures in
docs/search-quality.md; coefficients fitted by bench/confidence.py.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.access import ANONYMOUS
from kb.services.confidence_eval import Scored, load_unanswerable, score, separation
from kb.services.evaluation import load_questions
from tests.conftest import CORPUS, REPO, model_kb
from webui.app import create_app

pytestmark = [pytest.mark.model, pytest.mark.slow, pytest.mark.timeout(1800)]
EVAL = REPO / "eval"


@pytest.fixture(scope="module")
def eval_kb(tmp_path_factory, shared, model_path, real_embedder):
    kb = model_kb(tmp_path_factory.mktemp("conf-eval") / "data", model_path, real_embedder, sentence_vectors=False)
    corpus = shared / "corpus-real"
    report = kb.ingesting.ingest([corpus / "laws" / "md_2026-08_kmein", corpus / "pdf" / "ba-fachliche-weisungen"])
    assert report.count("failed") == 0
    yield kb
    kb.close()


@pytest.fixture(scope="module")
def sample_kb(tmp_path_factory, model_path, real_embedder):
    kb = model_kb(tmp_path_factory.mktemp("conf-sample") / "data", model_path, real_embedder, sentence_vectors=False)
    assert kb.ingesting.ingest([CORPUS]).count("failed") == 0
    yield kb
    kb.close()


@pytest.fixture(scope="module")
def unanswerable(sample_kb) -> list[Scored]:
    return score(load_unanswerable(EVAL / "unanswerable.jsonl"), sample_kb.searching.acting(ANONYMOUS).search)


@pytest.fixture(scope="module")
def answerable(eval_kb, sample_kb, shared) -> dict[str, list[Scored]]:
    files = {"dev": shared / "eval" / "dev.jsonl", "team": EVAL / "team.jsonl",
             "holdout": EVAL / "holdout.jsonl", "holdout2": EVAL / "holdout2.jsonl"}
    sets = {name: score([q.q for q in load_questions(path)], eval_kb.searching.search) for name, path in files.items()}
    sets["sample"] = score([q.q for q in load_questions(EVAL / "sample.jsonl")],
                           sample_kb.searching.acting(ANONYMOUS).search)
    return sets


def test_unanswerable_questions_mostly_get_keine(unanswerable):
    caught = separation([], unanswerable).caught
    print(f"unbeantwortbar: keine {caught:.1%}")
    assert len(unanswerable) >= 30
    assert caught >= 0.70


@pytest.mark.parametrize("name", ["dev", "team", "holdout", "holdout2", "sample"])
def test_confidence_separates_answerable_from_unanswerable(answerable, unanswerable, name):
    result = separation(answerable[name], unanswerable)
    print(f"{name}: AUROC {result.auroc:.3f}, match ≠ keine {result.kept:.1%}, gut {result.good:.1%}")
    assert result.auroc >= 0.85
    assert result.kept >= 0.90  # per set; the acceptance (≥ 95 %) is over all answerable questions


def test_nearly_all_answerable_questions_keep_a_match(answerable, unanswerable):
    pooled = separation([s for scored in answerable.values() for s in scored], unanswerable)
    print(f"alle beantwortbaren: AUROC {pooled.auroc:.3f}, match ≠ keine {pooled.kept:.1%}")
    assert pooled.auroc >= 0.85 and pooled.kept >= 0.95


def test_precedent_view_claims_no_district_without_a_matching_passage(sample_kb):
    sample_kb.settings.security.anonymous_read = True  # the demo's reader: network documents only
    client = TestClient(create_app(sample_kb))
    view = client.get("/api/precedent", params={"q": "Erstausstattung Wohnung"}).json()
    assert [g["district"] for g in view["groups"] if g["hit"]] == []
    assert len(view["groups"]) == 8 and "Südwestoption" not in [g["district"] for g in view["groups"]]
    page = client.get("/vergleich", params={"q": "Erstausstattung Wohnung"}).text
    assert "Kein Kreis hat eine passende Textstelle" in page and "0 von 8 Kreisen" in page
    found = client.get("/api/precedent", params={"q": "Mietkaution als Darlehen"}).json()
    assert len([g for g in found["groups"] if g["hit"]]) >= 2  # a topic the districts did regulate
    law = client.get("/api/search", params={"q": "Erstausstattung Wohnung"}).json()
    assert law["match"] != "keine" and law["results"][0]["source"].startswith("sgb-ii")  # § 24 Abs. 3 SGB II
    search = client.get("/", params={"q": "Öffnungszeiten der Kfz-Zulassungsstelle"}).text
    assert "Zu Ihrer Frage wurde keine passende Textstelle gefunden." in search
    assert "<mark class=\"answer\">" not in search  # no answer sentences pretending an answer
