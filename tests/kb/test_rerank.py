"""The optional cross-encoder stage in the search: which results it reads and how its order counts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from index.reranker import CrossEncoderReranker
from ingest.models import embedding_text
from kb.services.knowledge_base import KnowledgeBase
from kb.services.schemas import SearchQuery
from tests.index.test_reranker import build_tiny_cross_encoder

SECTIONS = {
    "Mietkaution": "Die Kaution für die Miete wird als Darlehen übernommen, wenn die Zusicherung vorliegt.",
    "Umzugskosten": "Kosten für den Umzug werden nach Zusicherung übernommen; die Miete der neuen Unterkunft zählt.",
    "Heizung": "Kosten der Heizung werden in tatsächlicher Höhe übernommen, soweit sie angemessen sind.",
    "Darlehen": "Ein Darlehen wird mit der Miete und der Kaution verrechnet, wenn die Unterkunft wechselt.",
    "Genossenschaftsanteile": "Anteile an einer Genossenschaft stehen der Kaution gleich, "
                              "sie sind Miete im weiteren Sinn.",
    "Unterkunft": "Kosten der Unterkunft sind die Miete und die Nebenkosten; die Kaution gehört nicht dazu.",
}
QUERY = "Kaution Darlehen Miete"


class MarkerReranker:
    """Scores a passage 1 when it contains the marker, else 0: a stand-in whose order is known."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.calls: list[int] = []

    def scores(self, query: str, passages: Sequence[str]) -> np.ndarray:
        self.calls.append(len(passages))
        return np.array([float(self.marker in p) for p in passages], dtype=np.float32)


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "weisung-kdu.md"
    path.write_text("# Weisung KdU\n\n" + "".join(f"## {title}\n\n{text}\n\n" for title, text in SECTIONS.items()),
                    encoding="utf-8")
    return path


def open_kb(settings, corpus, injected=None, **overrides) -> KnowledgeBase:
    # One document, several sections: the diversity caps would reorder what the stage decides.
    for name, value in {"max_chunks_per_document": 50, "max_chunks_per_section": 50, **overrides}.items():
        group = next(g for g in (settings.ranking, settings.model) if name in type(g).model_fields)
        setattr(group, name, value)
    kb = KnowledgeBase(settings, reranker=injected)
    kb.ingesting.ingest([corpus])
    return kb


def sections(kb: KnowledgeBase, mode: str = "hybrid") -> list[str]:
    hits = kb.searching.search(SearchQuery(text=QUERY, k=10, mode=mode, highlight=False)).results
    return [h.section for h in hits]


def test_the_cross_encoders_favourite_rises_to_the_top(settings, corpus):
    plain = sections(open_kb(settings, corpus))
    assert plain.index("Genossenschaftsanteile") > 0  # below the top without the stage
    marker = MarkerReranker("Genossenschaft")
    kb = open_kb(settings, corpus, marker, rerank_weight=1.0)
    ranked = sections(kb)
    assert ranked[0] == "Genossenschaftsanteile"
    assert sorted(ranked) == sorted(plain)  # reordered, nothing lost or added
    assert marker.calls and max(marker.calls) <= settings.ranking.rerank_depth


def test_weight_zero_depth_one_and_other_modes_leave_the_order_alone(settings, corpus):
    plain = sections(open_kb(settings, corpus))
    off = MarkerReranker("Genossenschaft")
    assert sections(open_kb(settings, corpus, off, rerank_weight=0.0)) == plain
    assert off.calls == []  # weight 0: the model is not even asked
    # Depth 1: there is nothing to reorder, so the model is not asked.
    assert sections(open_kb(settings, corpus, MarkerReranker("Genossenschaft"), rerank_weight=1.0,
                            rerank_depth=1)) == plain
    lexical = MarkerReranker("Genossenschaft")
    kb = open_kb(settings, corpus, lexical, rerank_weight=1.0)
    assert lexical.calls == [] and sections(kb, "lexical")[0] != "Genossenschaftsanteile"


def test_a_real_cross_encoder_from_the_setting_orders_the_first_results(settings, corpus, tmp_path):
    """KB_RERANKER names a model folder; with weight 1 the first results come in the model's own
    order (scores computed here directly, on the text the embedding model reads)."""
    model = build_tiny_cross_encoder(tmp_path / "ce")
    kb = open_kb(settings, corpus, reranker=model, rerank_weight=1.0, rerank_depth=4)
    hits = kb.searching.search(SearchQuery(text=QUERY, k=10, mode="hybrid", highlight=False)).results
    assert isinstance(kb.components.reranker, CrossEncoderReranker)
    first = hits[:4]
    scores = CrossEncoderReranker(model).scores(QUERY, [embedding_text(h.text, h.heading_path) for h in first])
    assert list(scores) == sorted(scores, reverse=True)
    assert len(set(scores.tolist())) > 1  # the order is the model's, not a tie kept as it came
