"""Search: a query plan, candidate lists from each retriever, fusion, filters, diversity, hits.

The plan reads the query once: analysed terms for BM25, the field vocabulary's synonyms of what
the query mentions ("KdU" → "Kosten der Unterkunft und Heizung"), and the legal norms it cites
("§ 22 Abs. 1 SGB II"). Every source of evidence becomes one ranked list; reciprocal rank fusion
weighs them. New evidence (feedback) slots in as another list; a cross-encoder, if one is set,
reorders the first results of the fusion.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from index.fusion import diversify, reciprocal_rank_fusion, weighted_sum
from index.reranker import blend_orders
from index.spelling import Correction
from kb.config import Settings
from kb.db.models import Chunk
from kb.services import store
from kb.services.norm_feedback import NormsOf, norm_votes, sections_by_votes
from kb.services.schemas import FacetValue, Highlight, SearchHit, SearchQuery, SearchResponse

Ranked = list[tuple[int, float]]
FACET_DEPTH = 50  # facets count documents among this many best passages
CONCEPT_SHARE = 0.75  # a query this much made of field terms names a concept
MAX_HIGHLIGHTED = 10  # answer sentences are marked in the first page of results


@dataclass
class QueryPlan:
    text: str
    terms: list[str] = field(default_factory=list)
    synonym_terms: list[str] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)  # cited in the query
    hinted_norms: list[str] = field(default_factory=list)  # implied by vocabulary terms
    search_text: str = ""  # the query with abbreviations spelled out and norm titles added
    citation_share: float = 0.0  # how much of the query is a citation (1.0: "§ 22 SGB II")
    vocabulary_share: float = 0.0  # how much of it is field vocabulary (1.0: "KdU")
    absatz: dict[str, int] = field(default_factory=dict)  # "SGB II § 22" → 1 for "§ 22 Abs. 1"
    doc_types: list[str] = field(default_factory=list)  # types the query asks for ("nach Weisung")
    laws: list[str] = field(default_factory=list)  # laws the query names ("SGB XII", "Sozialhilfe")
    title_terms: list[str] | None = None  # for titles: terms without law names; None = terms
    words: list[str] = field(default_factory=list)  # stems of the query's words, in query order


class Retrieval(Protocol):
    """What the searcher needs from the indexes; implemented by the knowledge base."""

    def plan(self, text: str) -> QueryPlan: ...

    def correct_spelling(self, text: str) -> Correction | None: ...

    def dense(self, text: str, allowed: np.ndarray | None, n: int) -> Ranked: ...

    def lexical(self, terms: list[str], allowed: np.ndarray | None, n: int) -> Ranked: ...

    def titles(self, terms: list[str], allowed: np.ndarray | None, n: int) -> Ranked: ...

    def proximity(self, words: list[str], allowed: np.ndarray | None, n: int) -> Ranked: ...

    def chunk_norms(self, ids: list[int]) -> NormsOf: ...

    def law_sections(self, norms: list[str], allowed: np.ndarray | None) -> dict[str, list[int]]: ...

    def norm_chunks(self, norms: list[str], relation: str, allowed: np.ndarray | None,
                    n: int, absatz: dict[str, int] | None = None) -> Ranked: ...

    def highlight(self, plan: QueryPlan, passages: list[str]) -> list[list[tuple[int, int, float]]]: ...

    def chunks_of_types(self, doc_types: list[str], allowed: np.ndarray | None) -> np.ndarray: ...

    def chunks_of_law(self, law: str, allowed: np.ndarray | None) -> np.ndarray: ...

    def rerank(self, text: str, ids: list[int]) -> Ranked: ...


class Searcher:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session],
                 retrieval: Callable[[], Retrieval]) -> None:
        self.settings = settings
        self.sessions = sessions
        self._retrieval = retrieval

    def search(self, query: SearchQuery) -> SearchResponse:
        started = time.perf_counter()
        mode = query.mode or self.settings.search_mode
        if not any(ch.isalnum() for ch in query.text):  # '"', '§', '?': nothing to search for,
            return SearchResponse(query=query.text, results=[], mode=mode)  # not arbitrary vectors
        need = query.offset + query.k
        retrieval = self._retrieval()
        text = query.text.strip()
        correction = retrieval.correct_spelling(text) if query.spellcheck else None
        plan = retrieval.plan(correction.text if correction else text)
        with self.sessions() as session:
            allowed = store.filtered_chunk_ids(session, query.filters) if query.filters.active else None
            ranked = self.rank(retrieval, plan, mode, allowed, need)
            depth = min(len(ranked), 2 * max(need, FACET_DEPTH))
            chunks = store.load_chunks(session, [cid for cid, _ in ranked[:depth]])
            ranked = [(cid, s) for cid, s in ranked[:depth] if cid in chunks]
            ranked = diversify(ranked, {c.id: diversity_groups(c) for c in chunks.values()},
                               self._diversity_cap, query.k)
            if query.sort == "date":
                ranked = sort_by_date(ranked[:max(need, FACET_DEPTH)], chunks)
            page = ranked[query.offset: need]
            hits = [to_hit(chunks[cid], score, query.offset + i + 1) for i, (cid, score) in enumerate(page)]
            facets = count_facets([chunks[cid] for cid, _ in ranked[:FACET_DEPTH]]) if query.facets else {}
        if query.highlight and hits:
            mark_answers(retrieval, plan, hits[:MAX_HIGHLIGHTED])
        took = (time.perf_counter() - started) * 1000
        return SearchResponse(query=query.text, corrected_query=correction.text if correction else None,
                              results=hits, total_candidates=len(ranked),
                              took_ms=round(took, 1), mode=mode, facets=facets)

    def _diversity_cap(self, group: tuple[str, int, str | None]) -> int:
        return (self.settings.max_chunks_per_section if group[0] == "section"
                else self.settings.max_chunks_per_document)

    def rank(self, retrieval: Retrieval, plan: QueryPlan, mode: str, allowed: np.ndarray | None,
             need: int) -> Ranked:
        """The fused ranking. Every page is cut from the same ranking: asking each retriever for
        more candidates on later pages would reorder the earlier ones (an item deeper in one
        list gains that list's vote), so page 7 could repeat what page 3 showed. When the
        ranking is too short for the page, deeper lists extend it behind what it already holds."""
        depth = self.settings.candidates
        ranked = self._fused(retrieval, plan, mode, allowed, depth)
        if len(ranked) < need and need > depth:
            seen = {cid for cid, _ in ranked}
            ranked += [item for item in self._fused(retrieval, plan, mode, allowed, need)
                       if item[0] not in seen]
        return ranked

    def _fused(self, retrieval: Retrieval, plan: QueryPlan, mode: str, allowed: np.ndarray | None,
               n: int) -> Ranked:
        text = plan.text
        lists: dict[str, Ranked] = {}
        if mode in ("dense", "hybrid"):
            lists["dense"] = retrieval.dense(plan.search_text or text, allowed, n)
        if mode in ("lexical", "hybrid"):
            lists["lexical"] = self._lexical(retrieval, plan, allowed, n)
        if mode != "dense":
            lists.update(self._norm_lists(retrieval, plan, allowed, n))
            title_terms = plan.terms if plan.title_terms is None else plan.title_terms
            lists["title"] = retrieval.titles(title_terms, allowed, n)
        if mode == "hybrid" and self.settings.rrf_weight_proximity:
            lists["proximity"] = retrieval.proximity(plan.words, allowed, n)
        if plan.doc_types and mode == "hybrid":
            of_type = retrieval.chunks_of_types(plan.doc_types, allowed)
            lists["doc_type"] = retrieval.dense(plan.search_text or text, of_type, n)
        if mode == "hybrid":
            lists.update(self._home_law_lists(retrieval, plan, allowed, n))
        lists = {name: ranked for name, ranked in lists.items() if ranked}
        if len(lists) == 1:
            return next(iter(lists.values()))
        weights = self._weights(plan)
        fused = reciprocal_rank_fusion(lists, k=self.settings.rrf_k, weights=weights)
        if mode != "hybrid":
            return fused
        if self.settings.rrf_weight_norm_feedback:
            feedback = self._norm_feedback(retrieval, fused, allowed, n)
            if feedback:
                fused = reciprocal_rank_fusion({**lists, "norm_feedback": feedback}, k=self.settings.rrf_k,
                                               weights=weights)
        return self._rerank(retrieval, plan, fused)

    def _rerank(self, retrieval: Retrieval, plan: QueryPlan, fused: Ranked) -> Ranked:
        """The first results reordered with the cross-encoder (see index/reranker), if one is set.
        Not one more fusion list: in RRF, first and third place of a list differ by 1/61 − 1/63,
        too little for a model that reads query and passage together to decide anything."""
        weight = self.settings.rerank_weight
        head = [cid for cid, _ in fused[: self.settings.rerank_depth]]
        if not weight or len(head) < 2:
            return fused
        by_model = retrieval.rerank(plan.text, head)
        if not by_model:
            return fused
        order = blend_orders(head, [cid for cid, _ in by_model], weight)
        # The head keeps its scores, best first, so the shown scores still fall down the list.
        scores = [score for _, score in fused[: len(head)]]
        return list(zip(order, scores, strict=True)) + fused[len(head):]

    def _norm_feedback(self, retrieval: Retrieval, fused: Ranked, allowed, n: int) -> Ranked:
        """The law-text sections that the first results cite or are (see norm_feedback)."""
        top = [cid for cid, _ in fused[: self.settings.norm_feedback_depth]]
        votes = norm_votes(top, retrieval.chunk_norms(top), self.settings.rrf_k)
        if not votes:
            return []
        sections = retrieval.law_sections([norm for norm, _ in votes], allowed)
        return sections_by_votes(votes, sections, n)

    def _lexical(self, retrieval: Retrieval, plan: QueryPlan, allowed, n: int) -> Ranked:
        """BM25 of the query's own terms plus, down-weighted, of the vocabulary's synonyms."""
        own = retrieval.lexical(plan.terms, allowed, n)
        if not plan.synonym_terms or not self.settings.synonym_weight:
            return own
        synonyms = retrieval.lexical(plan.synonym_terms, allowed, n)
        merged = weighted_sum({"own": own, "synonyms": synonyms},
                              {"own": 1.0, "synonyms": self.settings.synonym_weight})
        return merged[:n]

    def _home_law_lists(self, retrieval: Retrieval, plan: QueryPlan, allowed, n: int) -> dict[str, Ranked]:
        """A question that names no law, or names the home law among others ('… Antrag durch das
        Jobcenter'), is read in the context of the home law (SGB II in a Jobcenter): its law text
        gets a small extra say, enough to break ties between parallel provisions of several laws
        ('Vorrang der Vermittlung' in SGB II and III)."""
        home = self.settings.home_law
        if not home or not self.settings.rrf_weight_home_law or (plan.laws and home not in plan.laws):
            return {}
        ids = retrieval.chunks_of_law(home, allowed)
        if len(ids) == 0:
            return {}
        return {"home_dense": retrieval.dense(plan.search_text or plan.text, ids, n),
                "home_lexical": retrieval.lexical(plan.terms, ids, n)}

    def _norm_lists(self, retrieval: Retrieval, plan: QueryPlan, allowed, n: int) -> dict[str, Ranked]:
        lists = {}
        if plan.norms:
            lists["norm"] = retrieval.norm_chunks(plan.norms, "is", allowed, n)
            if plan.absatz:
                lists["norm_absatz"] = retrieval.norm_chunks(plan.norms, "is", allowed, n, plan.absatz)
            lists["norm_cited"] = retrieval.norm_chunks(plan.norms, "cites", allowed, n)
        hinted = [x for x in plan.hinted_norms if x not in plan.norms]
        if hinted:
            lists["norm_hint"] = retrieval.norm_chunks(hinted, "is", allowed, n)
        return lists

    def _weights(self, plan: QueryPlan) -> dict[str, float]:
        """The more of the query is a citation (or a field term), the more the norm decides:
        '§ 22 SGB II' asks for the law text, 'Umzug nach § 22 SGB II' only leans towards it."""
        s = self.settings
        boost = 1 + s.norm_share_boost * plan.citation_share
        # A field term's norm speaks fully for the query only when the query *is* the term
        # ("KdU"); in a longer question it only breaks ties, in proportion to the term's share,
        # so it cannot override what the other words ask for.
        share = plan.vocabulary_share
        hint = 1 + s.norm_share_boost if share >= CONCEPT_SHARE else share
        return {"dense": s.rrf_weight_dense, "lexical": s.rrf_weight_lexical,
                "norm": s.rrf_weight_norm * boost, "norm_absatz": s.rrf_weight_norm * boost,
                "norm_cited": s.rrf_weight_norm_cited * boost,
                "norm_hint": s.rrf_weight_norm_hint * hint, "title": s.rrf_weight_title,
                "proximity": s.rrf_weight_proximity,
                "norm_feedback": s.rrf_weight_norm_feedback, "doc_type": s.rrf_weight_doc_type,
                "home_dense": s.rrf_weight_home_law, "home_lexical": s.rrf_weight_home_law}


def mark_answers(retrieval: Retrieval, plan: QueryPlan, hits: list[SearchHit]) -> None:
    """Set each hit's answer sentences (character spans in its text)."""
    spans = retrieval.highlight(plan, [h.text for h in hits])
    for hit, marks in zip(hits, spans, strict=True):
        hit.highlights = [Highlight(start=a, end=b, score=round(s, 4)) for a, b, s in marks]


def diversity_groups(chunk: Chunk) -> tuple[tuple[str, int, str | None], ...]:
    """What one result stands for on the first page: its section, and its document.

    A section shows once: its further passages continue the same text and would push the next
    answer down. A document shows a few times, but a law is a collection of independent
    provisions, not one source: capping SGB II at three hits would hide the fourth relevant §."""
    section = chunk.norm_self or " › ".join(chunk.heading_path or ()) or chunk.section
    groups = (("section", chunk.document_id, section),) if section else ()
    return groups if chunk.norm_self else (("document", chunk.document_id, None), *groups)


def sort_by_date(ranked: Ranked, chunks: dict[int, Chunk]) -> Ranked:
    """Newest first among the relevant passages; undated documents last."""
    return sorted(ranked, key=lambda item: chunks[item[0]].document.doc_date or date.min, reverse=True)


def count_facets(chunks: list[Chunk]) -> dict[str, list[FacetValue]]:
    """How many documents among the best passages have each district, type, year and norm."""
    seen: dict[str, dict[str, set[int]]] = {"district": {}, "doc_type": {}, "year": {}, "norm": {}}
    for chunk in chunks:
        doc = chunk.document
        values = {"district": [doc.district], "doc_type": [doc.doc_type],
                  "year": [str(doc.doc_date.year) if doc.doc_date else None],
                  "norm": [n.norm for n in chunk.norms]}
        for facet, items in values.items():
            for value in items:
                if value:
                    seen[facet].setdefault(value, set()).add(doc.id)
    return {facet: sorted((FacetValue(value=v, count=len(ids)) for v, ids in values.items()),
                          key=lambda f: (-f.count, f.value))
            for facet, values in seen.items()}


def to_hit(chunk: Chunk, score: float, rank: int) -> SearchHit:
    doc = chunk.document
    return SearchHit(
        rank=rank, score=round(float(score), 6), chunk_id=chunk.id, document_id=doc.id,
        title=doc.title, source=doc.source_name, district=doc.district, doc_type=doc.doc_type,
        date=doc.doc_date, section=chunk.section, page=chunk.page_start, text=chunk.text,
        page_end=chunk.page_end, heading_path=list(chunk.heading_path or []),
        norms=sorted({n.norm for n in chunk.norms}, key=lambda n: (n != chunk.norm_self, n)),
    )
