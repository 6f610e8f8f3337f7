"""Search: spelling, the query plan, candidate lists from each source, fusion, filters,
diversity, hits and facets.

The plan reads the query once; every source of evidence (`kb/services/sources.py`) turns it into
one ranked list; reciprocal rank fusion weighs them; a second pass (norm feedback) reads the first
fusion; a cross-encoder, if one is set, reorders the first results.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from index.fusion import diversify, reciprocal_rank_fusion
from index.spelling import Correction
from kb.access import Acting
from kb.config import RankingSettings
from kb.db.models import Chunk
from kb.services import precedent, store, suggest
from kb.services.faceted_search import faceted_search
from kb.services.highlight import AnswerMarker
from kb.services.hit_evidence import EvidenceReader, assess_ranking, set_confidence
from kb.services.hits import count_facets, diversity_groups, set_highlights, set_outdated, sort_by_date, to_hit
from kb.services.query_plan import QueryPlan, QueryPlanner
from kb.services.rerank import RerankStage
from kb.services.schemas import FacetValue, SearchFilters, SearchQuery, SearchResponse
from kb.services.sources import HYBRID, NormFeedback, Request, Retrievers, Source
from kb.services.spelling_check import SpellingCheck
from kb.services.visibility import VisibleChunks

Ranked = list[tuple[int, float]]


@dataclass
class SearchBackends:
    """What a search needs, built once the model and the indexes are loaded."""

    retrievers: Retrievers
    planner: QueryPlanner
    spelling: SpellingCheck
    sources: Sequence[Source]
    second_pass: Sequence[NormFeedback]
    answers: AnswerMarker
    rerank: RerankStage


@dataclass
class Reading:
    """A query as the search understood it: corrected text and plan, shared by every ranking
    of one request (main results and facet counts)."""

    backends: SearchBackends
    plan: QueryPlan
    mode: str
    correction: Correction | None
    visible: np.ndarray | None = None  # chunks the principal may see (None: all), read once per request


class Searcher(Acting):
    """Search as the acting principal sees the collection: every candidate list, count,
    correction and suggestion is restricted to the chunks they may see, before ranking."""

    def __init__(self, ranking: RankingSettings, sessions: sessionmaker[Session],
                 backends: Callable[[], SearchBackends], visible: VisibleChunks | None = None) -> None:
        self.ranking = ranking
        self.sessions = sessions
        self._backends = backends  # the current backends (indexes refreshed), from the engine
        self.visible = visible or VisibleChunks()

    def _allowed(self) -> np.ndarray | None:
        with self.sessions() as session:
            return self.visible.allowed(session, self.principal)

    def precedent_view(self, text: str, doc_type: list[str] | None = None,
                       spellcheck: bool = True) -> precedent.PrecedentView:
        return precedent.precedent_view(self.search, text, doc_type, self._mark_answers, spellcheck=spellcheck,
                                        depth=self.ranking.precedent_depth,
                                        min_relative_score=self.ranking.precedent_min_relative_score,
                                        min_confidence=self.ranking.match_weak)

    def _mark_answers(self, text: str, passages: list[str]) -> list[list[tuple[int, int, float]]]:
        backends = self._backends()
        return backends.answers.spans(backends.planner.plan(text), passages)

    def suggestions(self, text: str) -> suggest.Suggestions:
        with self.sessions() as session:
            return suggest.suggest(session, text, correct=self._corrected_text, principal=self.principal)

    def _corrected_text(self, text: str) -> str | None:
        correction = self._backends().spelling.correct(text, self._allowed())
        return correction.text if correction else None

    def read(self, query: SearchQuery) -> Reading:
        backends = self._backends()
        text = query.text.strip()
        visible = self._allowed()
        correction = backends.spelling.correct(text, visible) if query.spellcheck else None
        plan = backends.planner.plan(correction.text if correction else text)
        return Reading(backends, plan, query.mode or self.ranking.search_mode, correction, visible)

    def search(self, query: SearchQuery) -> SearchResponse:
        return self.answer(query)[0]

    def search_with_facets(self, query: SearchQuery) -> SearchResponse:
        return faceted_search(self, query)

    def answer(self, query: SearchQuery) -> tuple[SearchResponse, Reading | None]:
        """The response, and the reading of the query it came from (None: nothing searchable)."""
        started = time.perf_counter()
        if not any(ch.isalnum() for ch in query.text):  # '"', '§', '?': nothing to search for,
            mode = query.mode or self.ranking.search_mode  # not arbitrary vectors
            return SearchResponse(query=query.text, results=[], mode=mode), None
        reading = self.read(query)
        response = self.respond(reading, query)
        response.took_ms = round((time.perf_counter() - started) * 1000, 1)
        return response, reading

    def respond(self, reading: Reading, query: SearchQuery) -> SearchResponse:
        need = query.offset + query.k
        with self.sessions() as session:
            ranked, chunks = self._ranked_chunks(session, reading, query.filters, need)
            ranked = diversify(ranked, {c.id: diversity_groups(c) for c in chunks.values()},
                               self._diversity_cap, query.k)
            reader = self.evidence_reader(reading)
            match, matching = assess_ranking(ranked, chunks, reader, self.ranking)
            if query.sort == "date":
                ranked = sort_by_date(ranked[:max(need, self.ranking.facet_depth)], chunks)
            page = ranked[query.offset: need]
            hits = [to_hit(chunks[cid], score, query.offset + i + 1) for i, (cid, score) in enumerate(page)]
            set_confidence(hits, chunks, reader)
            set_outdated(session, hits)
            facets = count_facets([chunks[cid] for cid, _ in ranked[:self.ranking.facet_depth]]) if query.facets else {}
        # Answer sentences only where a passage may answer: marking the "answer" in the nearest
        # unrelated passage would pretend one (the page says there is no matching passage).
        shown = [h for h in hits[:self.ranking.max_highlighted] if h.confidence >= self.ranking.match_weak]
        if query.highlight and shown:
            set_highlights(shown, reading.backends.answers.spans(reading.plan, [h.text for h in shown]))
        correction = reading.correction
        return SearchResponse(query=query.text, corrected_query=correction.text if correction else None,
                              results=hits, total_candidates=len(ranked), mode=reading.mode, facets=facets,
                              match=match, total_matching=matching)

    def evidence_reader(self, reading: Reading) -> EvidenceReader:
        backends = reading.backends
        return EvidenceReader(reading.plan, backends.retrievers.dense.query_vector(reading.plan.dense_text),
                              backends.planner.analyzer, self.ranking, reading.mode, backends.spelling.frequencies())

    def facet_counts(self, reading: Reading, filters: SearchFilters) -> dict[str, list[FacetValue]]:
        """Facets among the best passages under other filters, from the same reading of the query."""
        with self.sessions() as session:
            ranked, chunks = self._ranked_chunks(session, reading, filters, 1)
            return count_facets([chunks[cid] for cid, _ in ranked[:self.ranking.facet_depth]])

    def _ranked_chunks(self, session: Session, reading: Reading, filters: SearchFilters,
                       need: int) -> tuple[Ranked, dict[int, Chunk]]:
        allowed = store.filtered_chunk_ids(session, filters, self.principal) if filters.active else reading.visible
        ranked = self.rank(reading.backends, reading.plan, reading.mode, allowed, need)
        depth = min(len(ranked), 2 * max(need, self.ranking.facet_depth))
        chunks = store.load_chunks(session, [cid for cid, _ in ranked[:depth]])
        return [(cid, s) for cid, s in ranked[:depth] if cid in chunks], chunks

    def _diversity_cap(self, group: tuple[str, int, str | None]) -> int:
        return (self.ranking.max_chunks_per_section if group[0] == "section"
                else self.ranking.max_chunks_per_document)

    def rank(self, backends: SearchBackends, plan: QueryPlan, mode: str, allowed: np.ndarray | None,
             need: int) -> Ranked:
        """The fused ranking. Every page is cut from the same ranking: asking each source for
        more candidates on later pages would reorder the earlier ones (an item deeper in one
        list gains that list's vote), so page 7 could repeat what page 3 showed. When the
        ranking is too short for the page, deeper lists extend it behind what it already holds."""
        depth = self.ranking.candidates
        ranked = self.fused(backends, Request(plan, allowed, depth), mode)
        if len(ranked) < need and need > depth:
            seen = {cid for cid, _ in ranked}
            ranked += [item for item in self.fused(backends, Request(plan, allowed, need), mode)
                       if item[0] not in seen]
        return ranked

    def fused(self, backends: SearchBackends, request: Request, mode: str) -> Ranked:
        lists = [(source, ranked) for source in backends.sources
                 if mode in source.modes and (ranked := source.ranked(request))]
        if len(lists) == 1:
            return lists[0][1]
        weighted = [(ranked, source.weight(request.plan)) for source, ranked in lists]
        fused = reciprocal_rank_fusion(weighted, k=self.ranking.rrf_k)
        if mode != HYBRID:
            return fused
        later = [(ranked, source.weight(request.plan)) for source in backends.second_pass
                 if (ranked := source.ranked_after(request, fused))]
        if later:
            fused = reciprocal_rank_fusion(weighted + later, k=self.ranking.rrf_k)
        return backends.rerank.apply(request.plan.text, fused)
