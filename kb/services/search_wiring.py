"""Wiring of the search pipeline from the heavy components: retrievers, planner, spelling, answers.

Kept apart from `components` so that importing the components (every command does) does not
import the retrievers, the planner and their numpy/vocabulary stack; only the first search does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.services.highlight import AnswerMarker, Highlighter
from kb.services.query_plan import QueryPlanner
from kb.services.rerank import RerankStage
from kb.services.retrievers import DenseRetriever, LexicalRetriever, NormCatalog
from kb.services.search_service import SearchBackends
from kb.services.sources import Retrievers, build_sources
from kb.services.spelling_check import SpellingCheck

if TYPE_CHECKING:
    from kb.services.components import Components


def build_backends(parts: Components) -> SearchBackends:
    """Everything a search needs, over the components' indexes, embedder and reranker."""
    s, indexes = parts.settings, parts.indexes
    dense = DenseRetriever(indexes, lambda: parts.embedder)
    norms = NormCatalog(parts.sessions, lambda: indexes.lexical.generation)
    planner = QueryPlanner(indexes.analyzer, indexes.lexical.query_terms, norms.norm_titles)
    retrievers = Retrievers(dense, LexicalRetriever(indexes, s.ranking.proximity_distance), norms)
    sources, second_pass = build_sources(retrievers, s.ranking)
    return SearchBackends(
        retrievers=retrievers, planner=planner, sources=sources, second_pass=second_pass,
        spelling=SpellingCheck(indexes, parts.sessions, lambda: planner.vocabulary, planner.analyze),
        answers=AnswerMarker(dense.query_vector,
                             Highlighter(lambda texts: parts.embedder.embed_passages(texts), planner.analyze)),
        rerank=RerankStage(lambda: parts.reranker, parts.sessions, s.ranking.rerank_depth, s.ranking.rerank_weight))
