"""With the real model over the sample corpus: a query citing § 22 Abs. 1 SGB II ranks the
passages about Abs. 1 above those about other Absätze of § 22 (issue 16; measured on the
Absatz question sets in docs/search-quality.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.models import DocType
from kb.services.absatz_order import cited_absatz, classify
from kb.services.schemas import SearchQuery
from tests.conftest import model_kb

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[2]
QUERY = "Heizkostennachzahlung als Bedarf nach § 22 Abs. 1 SGB II"


@pytest.fixture(scope="module")
def sample_kb(tmp_path_factory, model_path, real_embedder):
    kb = model_kb(tmp_path_factory.mktemp("sample") / "data", model_path, real_embedder, sentence_vectors=False)
    assert not kb.ingesting.ingest([REPO / "corpus"]).count("failed")
    yield kb
    kb.close()


def kinds(kb) -> list[str]:
    hits = kb.searching.search(SearchQuery(text=QUERY, k=10, mode="hybrid", highlight=False)).results
    return [classify(h, cited_absatz(QUERY)) + ("/Gesetz" if h.doc_type == DocType.GESETZ.value else "")
            for h in hits]


def test_passages_on_the_cited_absatz_rank_above_those_on_other_absaetze(sample_kb):
    found = kinds(sample_kb)
    assert found[0] == "same/Gesetz"  # the law text of the cited norm leads
    last_same = max(i for i, kind in enumerate(found) if kind.startswith("same"))
    assert all(not kind.startswith("other") for kind in found[:last_same]), found
    assert found.count("same") >= 3, found  # circulars on Abs. 1, not only law text


def test_without_the_absatz_list_other_absaetze_come_in_between(sample_kb):
    ranking = sample_kb.settings.ranking
    weight, ranking.rrf_weight_norm_cited_absatz = ranking.rrf_weight_norm_cited_absatz, 0
    try:
        found = kinds(sample_kb)
    finally:
        ranking.rrf_weight_norm_cited_absatz = weight
    first_other = found.index("other")
    assert any(kind.startswith("same") for kind in found[first_other:]), found
