"""Precedent view – "Wie haben andere Kreise das gelöst?": one best passage per district.

A new option district asks how the others handle a topic. A ranked list answers that badly (one
district with many circulars fills the first page), so this view runs one deeper search and keeps
each district's best passage, strongest first. Districts without a passage stay in the answer as
"kein Treffer": the gap is information too. A passage counts only when its confidence reaches
the weak threshold (`KB_MATCH_WEAK`): every district has *some* best passage, and showing the
nearest unrelated one would claim a rule that does not exist. The network (Arbeitskreis Option,
its working groups) is no Kreis: its documents are shown apart and not counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from ingest.legal import DISTRICTS, NETWORK
from kb.services.schemas import Highlight as HitHighlight
from kb.services.schemas import SearchFilters, SearchHit, SearchQuery, SearchResponse

Highlight = Callable[[str, list[str]], list[list[tuple[int, int, float]]]]


class PrecedentGroup(BaseModel):
    district: str
    hit: SearchHit | None = None  # the district's best passage; None = kein Treffer
    documents: int = 0  # how many of its documents are among the passages found


class PrecedentView(BaseModel):
    query: str
    corrected_query: str | None = None  # what was searched instead (typos corrected)
    doc_type: list[str] = Field(default_factory=list)
    groups: list[PrecedentGroup]  # the eight districts: those with a passage first, then the others
    network: PrecedentGroup | None = None  # the network's own best passage, if one matches
    took_ms: float = 0.0
    mode: str = "hybrid"

    @property
    def found(self) -> list[PrecedentGroup]:
        return [g for g in self.groups if g.hit is not None]

    @property
    def district_count(self) -> int:
        return len(self.groups)

    @property
    def missing(self) -> list[PrecedentGroup]:
        return [g for g in self.groups if g.hit is None]


def precedent_view(search: Callable[[SearchQuery], SearchResponse], text: str,
                   doc_type: list[str] | None = None, highlight: Highlight | None = None,
                   districts: Sequence[str] = DISTRICTS, spellcheck: bool = True,
                   depth: int = 60, min_relative_score: float = 0.7, min_confidence: float = 0.0) -> PrecedentView:
    """Best passage per district among the `depth` best, ordered by score (60 are enough for
    every district of the network to surface); `districts` lists the
    known ones, which are shown as "kein Treffer" when they have nothing relevant.

    Answer sentences are marked afterwards, only in the passages shown (the search itself would
    mark its first ten, which are not the ones this view keeps)."""
    started = time.perf_counter()
    query = SearchQuery(text=text, k=depth, filters=SearchFilters(doc_type=doc_type or []),
                        highlight=False, spellcheck=spellcheck)
    response = search(query)
    matching = [h for h in response.results if h.confidence >= min_confidence]
    best = best_per_district(matching, min_relative_score)
    found = [g for g in best if g.district in districts]
    network = next((g for g in best if g.district == NETWORK), None)
    shown = [g.hit for g in (*found, network) if g and g.hit]
    if highlight and shown:
        mark_answers(highlight, response.corrected_query or text, shown)
    missing = [PrecedentGroup(district=d) for d in districts if d not in {g.district for g in found}]
    return PrecedentView(query=text, corrected_query=response.corrected_query, network=network,
                         doc_type=doc_type or [], groups=found + missing,
                         took_ms=round((time.perf_counter() - started) * 1000, 1), mode=response.mode)


def best_per_district(hits: list[SearchHit], min_relative_score: float = 0.7) -> list[PrecedentGroup]:
    """Each district's first hit, if it scores at least `min_relative_score` of the best.

    With rank fusion, a passage that only one method (meaning or words) puts first scores half
    of one that both put first; demanding 70 % of the best keeps passages that both methods rank
    well and drops the best-of-the-rest that every district has. (Sample corpus, real model:
    the relevant districts scored 0.74–1.0, unrelated ones 0.32–0.71.)"""
    if not hits:
        return []
    floor = max(h.score for h in hits) * min_relative_score
    groups: dict[str, PrecedentGroup] = {}
    documents: dict[str, set[int]] = {}
    for hit in hits:  # ranked best first, so the first hit of a district is its best
        if hit.score < floor or not hit.district:  # law texts belong to no district
            continue
        key = hit.district
        groups.setdefault(key, PrecedentGroup(district=key, hit=hit))
        documents.setdefault(key, set()).add(hit.document_id)
    for key, group in groups.items():
        group.documents = len(documents[key])
    return sorted(groups.values(), key=lambda g: g.hit.rank)


def mark_answers(highlight: Highlight, text: str, hits: list[SearchHit]) -> None:
    for hit, spans in zip(hits, highlight(text, [h.text for h in hits]), strict=False):
        hit.highlights = [HitHighlight(start=a, end=b, score=round(score, 4)) for a, b, score in spans]
