"""Gathers the evidence for each hit's confidence (`kb/services/confidence.py`) from what the
search already holds: the query vector (cached by the dense retriever), the passages' stored
vectors, the query plan's words, terms and norms, and the fused score.

Nothing here calls the model again or reads the database: a passage's vector and norms come
with the chunk rows the result page loads anyway.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from index.analysis import GermanAnalyzer
from kb.config import RankingSettings
from kb.db.models import Chunk
from kb.services.confidence import Evidence, confidence, match_of
from kb.services.query_plan import QueryPlan
from kb.services.schemas import SearchHit


class EvidenceReader:
    """Evidence of passages for one query plan."""

    def __init__(self, plan: QueryPlan, query_vector: np.ndarray, analyzer: GermanAnalyzer,
                 ranking: RankingSettings, mode: str, frequencies: Mapping[str, int] | None = None) -> None:
        self.plan = plan
        self.query_vector = np.asarray(query_vector, dtype=np.float32)
        self.analyzer = analyzer
        self.words = set(plan.words)
        self.weights = _rarity(self.words, frequencies or {})
        self.terms = set(plan.terms)
        # A passage ranked first by both dense search and BM25 scores this in the fusion.
        self.full_score = (ranking.rrf_weight_dense + ranking.rrf_weight_lexical) / (ranking.rrf_k + 1)
        self.fused = mode == "hybrid"

    def cosine(self, chunk: Chunk) -> float:
        vector = np.frombuffer(chunk.vector, dtype=np.float32)
        return float(vector @ self.query_vector) if vector.shape == self.query_vector.shape else 0.0

    def evidence(self, chunk: Chunk, score: float) -> Evidence:
        analysis = self.analyzer.analyze(chunk.text + " " + " ".join(chunk.heading_path or ()))
        present = set(analysis.all_terms())
        cosine = max(0.0, self.cosine(chunk))
        cited = set(self.plan.norms)
        norms = len(cited & {n.norm for n in chunk.norms}) / len(cited) if cited else 0.0
        # Outside hybrid mode the score is no fused rank (dense: the cosine itself): neutral.
        agreement = min(1.0, score / self.full_score) if self.fused else 0.5
        return Evidence(cosine=cosine, coverage=_weighted_share(self.weights, present),
                        expanded=_share(self.terms, present), norms=norms, agreement=agreement)


def _rarity(words: set[str], frequencies: Mapping[str, int]) -> dict[str, float]:
    """Weight of each query word by how rare it is in the collection (inverse document
    frequency): 'Bürgergeld' stands in half the passages and says little about a match,
    'Erstausstattung' decides it; a word the collection never uses weighs most."""
    total = max(frequencies.values(), default=1)
    return {w: math.log((total + 1) / (frequencies.get(w, 0) + 0.5)) for w in words}


def _weighted_share(weights: dict[str, float], present: set[str]) -> float:
    whole = sum(weights.values())
    return sum(w for term, w in weights.items() if term in present) / whole if whole > 0 else 0.0


def _share(wanted: set[str], present: set[str]) -> float:
    return len(wanted & present) / len(wanted) if wanted else 0.0


def set_confidence(hits: Sequence[SearchHit], chunks: dict[int, Chunk], reader: EvidenceReader) -> None:
    for hit in hits:
        hit.confidence = confidence(reader.evidence(chunks[hit.chunk_id], hit.score))


def assess_ranking(ranked: Sequence[tuple[int, float]], chunks: dict[int, Chunk], reader: EvidenceReader,
                   ranking: RankingSettings) -> tuple[str, int]:
    """The match of a whole ranking, from the best confidence among its first `match_depth`
    passages in relevance order (the same on every page and in either sort order), and how many
    of its loaded passages reach the weak threshold (the page's "etwa N Treffer")."""
    scored = [confidence(reader.evidence(chunks[cid], score)) for cid, score in ranked if cid in chunks]
    match = match_of(scored[:ranking.match_depth], ranking.match_good, ranking.match_weak)
    return match, sum(1 for c in scored if c >= ranking.match_weak)
