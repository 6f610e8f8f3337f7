"""Search: a query plan, candidate lists from each retriever, fusion, filters, diversity, hits.

The plan reads the query once: analysed terms for BM25, the field vocabulary's synonyms of what
the query mentions ("KdU" → "Kosten der Unterkunft und Heizung"), and the legal norms it cites
("§ 22 Abs. 1 SGB II"). Every source of evidence becomes one ranked list; reciprocal rank fusion
weighs them. New evidence (a reranker, feedback) slots in as another list.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from index.fusion import diversify, reciprocal_rank_fusion
from kb.config import Settings
from kb.db.models import Chunk
from kb.services import store
from kb.services.schemas import SearchHit, SearchQuery, SearchResponse

Ranked = list[tuple[int, float]]


@dataclass
class QueryPlan:
    text: str
    terms: list[str] = field(default_factory=list)
    synonym_terms: list[str] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)  # cited in the query
    hinted_norms: list[str] = field(default_factory=list)  # implied by vocabulary terms


class Retrieval(Protocol):
    """What the searcher needs from the indexes; implemented by the knowledge base."""

    def plan(self, text: str) -> QueryPlan: ...

    def dense(self, text: str, allowed: np.ndarray | None, n: int) -> Ranked: ...

    def lexical(self, terms: list[str], allowed: np.ndarray | None, n: int) -> Ranked: ...

    def norm_chunks(self, norms: list[str], relation: str, allowed: np.ndarray | None,
                    n: int) -> Ranked: ...


class Searcher:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session],
                 retrieval: Callable[[], Retrieval]) -> None:
        self.settings = settings
        self.sessions = sessions
        self._retrieval = retrieval

    def search(self, query: SearchQuery) -> SearchResponse:
        started = time.perf_counter()
        mode = query.mode or self.settings.search_mode
        if not query.text.strip():
            return SearchResponse(query=query.text, results=[], mode=mode)
        with self.sessions() as session:
            allowed = store.filtered_chunk_ids(session, query.filters) if query.filters.active else None
            ranked = self.rank(query.text.strip(), mode, allowed, query.offset + query.k)
            chunks = store.load_chunks(session, [cid for cid, _ in ranked])
            ranked = [(cid, s) for cid, s in ranked if cid in chunks]
            ranked = diversify(ranked, {c.id: c.document_id for c in chunks.values()},
                               self.settings.max_chunks_per_document, query.k)
            page = ranked[query.offset: query.offset + query.k]
            hits = [to_hit(chunks[cid], score, query.offset + i + 1) for i, (cid, score) in enumerate(page)]
        took = (time.perf_counter() - started) * 1000
        return SearchResponse(query=query.text, results=hits, total_candidates=len(ranked),
                              took_ms=round(took, 1), mode=mode)

    def rank(self, text: str, mode: str, allowed: np.ndarray | None, need: int) -> Ranked:
        retrieval = self._retrieval()
        plan = retrieval.plan(text)
        n = max(self.settings.candidates, need * 3)
        lists: dict[str, Ranked] = {}
        if mode in ("dense", "hybrid"):
            lists["dense"] = retrieval.dense(text, allowed, n)
        if mode in ("lexical", "hybrid"):
            lists["lexical"] = retrieval.lexical(plan.terms, allowed, n)
            if plan.synonym_terms:
                lists["synonyms"] = retrieval.lexical(plan.synonym_terms, allowed, n)
        if mode != "dense":
            lists.update(self._norm_lists(retrieval, plan, allowed, n))
        lists = {name: ranked for name, ranked in lists.items() if ranked}
        if len(lists) == 1:
            return next(iter(lists.values()))
        return reciprocal_rank_fusion(lists, k=self.settings.rrf_k, weights=self._weights())

    def _norm_lists(self, retrieval: Retrieval, plan: QueryPlan, allowed, n: int) -> dict[str, Ranked]:
        lists = {}
        if plan.norms:
            lists["norm"] = retrieval.norm_chunks(plan.norms, "is", allowed, n)
            lists["norm_cited"] = retrieval.norm_chunks(plan.norms, "cites", allowed, n)
        hinted = [x for x in plan.hinted_norms if x not in plan.norms]
        if hinted:
            lists["norm_hint"] = retrieval.norm_chunks(hinted, "is", allowed, n)
        return lists

    def _weights(self) -> dict[str, float]:
        s = self.settings
        return {"dense": s.rrf_weight_dense, "lexical": s.rrf_weight_lexical,
                "synonyms": s.rrf_weight_synonyms, "norm": s.rrf_weight_norm,
                "norm_cited": s.rrf_weight_norm_cited, "norm_hint": s.rrf_weight_norm_hint}


def to_hit(chunk: Chunk, score: float, rank: int) -> SearchHit:
    doc = chunk.document
    return SearchHit(
        rank=rank, score=round(float(score), 6), chunk_id=chunk.id, document_id=doc.id,
        title=doc.title, source=doc.source_name, district=doc.district, doc_type=doc.doc_type,
        date=doc.doc_date, section=chunk.section, page=chunk.page_start, text=chunk.text,
        page_end=chunk.page_end, heading_path=list(chunk.heading_path or []),
        norms=sorted({n.norm for n in chunk.norms}, key=lambda n: (n != chunk.norm_self, n)),
    )
