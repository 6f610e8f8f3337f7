"""Candidate sources: each kind of evidence is one small class that ranks chunks for a plan.

A source has a name (for logs and tests), the search modes it takes part in, a weight (read from
its own setting, sometimes scaled by how the query is built) and one method that returns ranked
chunk ids. The searcher fuses whatever the configured sources return (`SOURCES`, in this order:
on equal fused scores the earlier source's item comes first); adding or removing a kind of
evidence is one class and one line there. `NormFeedback` is a second pass: it reads the first
fusion's result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from index.fusion import weighted_sum
from kb.config import RankingSettings
from kb.services.norm_feedback import norm_votes, sections_by_votes
from kb.services.query_plan import QueryPlan
from kb.services.retrievers import DenseRetriever, LexicalRetriever, NormCatalog

Ranked = list[tuple[int, float]]
DENSE, LEXICAL, HYBRID = "dense", "lexical", "hybrid"
WITH_WORDS = frozenset({LEXICAL, HYBRID})  # modes that read the words (all but pure dense)


@dataclass(frozen=True)
class Request:
    """What every source is asked: the plan, the chunks the filters allow (None = all), depth."""

    plan: QueryPlan
    allowed: np.ndarray | None
    n: int


@dataclass(frozen=True)
class Retrievers:
    dense: DenseRetriever
    lexical: LexicalRetriever
    norms: NormCatalog


class Source(Protocol):
    name: str
    modes: frozenset[str]

    def weight(self, plan: QueryPlan) -> float: ...

    def ranked(self, request: Request) -> Ranked:
        """Ranked (chunk id, score), best first; [] when the source has nothing to say."""
        ...


class _Source:
    name = ""
    modes: frozenset[str] = frozenset({HYBRID})

    def __init__(self, retrievers: Retrievers, settings: RankingSettings) -> None:
        self.r = retrievers
        self.s = settings

    def norm_boost(self, plan: QueryPlan) -> float:
        """The more of the query is a citation, the more the norm decides: '§ 22 SGB II' asks
        for the law text, 'Umzug nach § 22 SGB II' only leans towards it."""
        return 1 + self.s.norm_share_boost * plan.citation_share


class Dense(_Source):
    name, modes = "dense", frozenset({DENSE, HYBRID})

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_dense

    def ranked(self, request: Request) -> Ranked:
        return self.r.dense.search(request.plan.dense_text, request.allowed, request.n)


class Lexical(_Source):
    """BM25 of the query's own terms plus, down-weighted, of the vocabulary's synonyms."""

    name, modes = "lexical", WITH_WORDS

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_lexical

    def ranked(self, request: Request) -> Ranked:
        plan, allowed, n = request.plan, request.allowed, request.n
        own = self.r.lexical.search(plan.terms, allowed, n)
        if not plan.synonym_terms or not self.s.synonym_weight:
            return own
        synonyms = self.r.lexical.search(plan.synonym_terms, allowed, n)
        return weighted_sum([(own, 1.0), (synonyms, self.s.synonym_weight)])[:n]


class Norm(_Source):
    """The law text of the norms the query cites."""

    name, modes = "norm", WITH_WORDS

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_norm * self.norm_boost(plan)

    def ranked(self, request: Request) -> Ranked:
        plan = request.plan
        return self.r.norms.norm_chunks(plan.norms, "is", request.allowed, request.n) if plan.norms else []


class NormAbsatz(Norm):
    """The law-text passages that hold the cited Absatz ('§ 22 Abs. 4' → the chunk with '(4)')."""

    name = "norm_absatz"

    def ranked(self, request: Request) -> Ranked:
        plan = request.plan
        if not (plan.norms and plan.absatz):
            return []
        return self.r.norms.norm_chunks(plan.norms, "is", request.allowed, request.n, plan.absatz)


class NormCited(_Source):
    """Passages that cite the norms the query cites."""

    name, modes = "norm_cited", WITH_WORDS

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_norm_cited * self.norm_boost(plan)

    def ranked(self, request: Request) -> Ranked:
        plan = request.plan
        return self.r.norms.norm_chunks(plan.norms, "cites", request.allowed, request.n) if plan.norms else []


class NormCitedAbsatz(NormCited):
    """Passages that cite the norm down to the Absatz the query cites: for '§ 22 Abs. 7 SGB II'
    the Weisung on Abs. 7 before one on Abs. 1 of the same paragraph (the law text of the
    Absatz is `NormAbsatz`)."""

    name = "norm_cited_absatz"

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_norm_cited_absatz * self.norm_boost(plan)

    def ranked(self, request: Request) -> Ranked:
        plan = request.plan
        if not (plan.absatz and self.s.rrf_weight_norm_cited_absatz):
            return []
        return self.r.norms.absatz_citing(plan.absatz, request.allowed, request.n)


class NormHint(_Source):
    """The law text of the norm a field term stands for ('KdU' → SGB II § 22)."""

    name, modes = "norm_hint", WITH_WORDS

    def weight(self, plan: QueryPlan) -> float:
        """Full say only when the query *is* the term ("KdU"); in a longer question it only
        breaks ties, in proportion to the term's share, so it cannot override the other words."""
        share = plan.vocabulary_share
        return self.s.rrf_weight_norm_hint * (1 + self.s.norm_share_boost if share >= self.s.concept_share else share)

    def ranked(self, request: Request) -> Ranked:
        hinted = [x for x in request.plan.hinted_norms if x not in request.plan.norms]
        return self.r.norms.norm_chunks(hinted, "is", request.allowed, request.n) if hinted else []


class Title(_Source):
    """Section titles that the query covers for the most part (see index/titles)."""

    name, modes = "title", WITH_WORDS

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_title

    def ranked(self, request: Request) -> Ranked:
        plan = request.plan
        terms = plan.terms if plan.title_terms is None else plan.title_terms
        return self.r.lexical.titles(terms, request.allowed, request.n)


class Proximity(_Source):
    """Passages where neighbouring words of the query stand close together (FTS5 NEAR)."""

    name = "proximity"

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_proximity

    def ranked(self, request: Request) -> Ranked:
        if not self.s.rrf_weight_proximity:
            return []
        return self.r.lexical.near(request.plan.words, request.allowed, request.n)


class DocType(_Source):
    """Dense search among the document types the query names ('… laut Weisung')."""

    name = "doc_type"

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_doc_type

    def ranked(self, request: Request) -> Ranked:
        plan = request.plan
        if not plan.doc_types:
            return []
        of_type = self.r.norms.chunks_of_types(plan.doc_types, request.allowed)
        return self.r.dense.search(plan.dense_text, of_type, request.n)


class _HomeLaw(_Source):
    """A question that names no law, or names the home law among others ('… Antrag durch das
    Jobcenter'), is read in the context of the home law (SGB II in a Jobcenter): its law text
    gets a small extra say, enough to break ties between parallel provisions of several laws
    ('Vorrang der Vermittlung' in SGB II and III)."""

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_home_law

    def home_chunks(self, request: Request) -> np.ndarray | None:
        home, laws = self.s.home_law, request.plan.laws
        if not home or not self.s.rrf_weight_home_law or (laws and home not in laws):
            return None
        ids = self.r.norms.chunks_of_law(home, request.allowed)
        return ids if len(ids) else None


class HomeDense(_HomeLaw):
    name = "home_dense"

    def ranked(self, request: Request) -> Ranked:
        ids = self.home_chunks(request)
        return [] if ids is None else self.r.dense.search(request.plan.dense_text, ids, request.n)


class HomeLexical(_HomeLaw):
    name = "home_lexical"

    def ranked(self, request: Request) -> Ranked:
        ids = self.home_chunks(request)
        return [] if ids is None else self.r.lexical.search(request.plan.terms, ids, request.n)


class NormFeedback(_Source):
    """Second pass: the law text of the norms the first results cite or are (see norm_feedback)."""

    name = "norm_feedback"

    def weight(self, plan: QueryPlan) -> float:
        return self.s.rrf_weight_norm_feedback

    def ranked_after(self, request: Request, fused: Ranked) -> Ranked:
        if not self.s.rrf_weight_norm_feedback:
            return []
        top = [cid for cid, _ in fused[: self.s.norm_feedback_depth]]
        votes = norm_votes(top, self.r.norms.chunk_norms(top), self.s.rrf_k)
        if not votes:
            return []
        sections = self.r.norms.law_sections([norm for norm, _ in votes], request.allowed)
        return sections_by_votes(votes, sections, request.n)


SOURCES: Sequence[type[_Source]] = (Dense, Lexical, Norm, NormAbsatz, NormCited, NormCitedAbsatz, NormHint,
                                    Title, Proximity, DocType, HomeDense, HomeLexical)
SECOND_PASS: Sequence[type[NormFeedback]] = (NormFeedback,)


def build_sources(retrievers: Retrievers, settings: RankingSettings) -> tuple[list[_Source], list[NormFeedback]]:
    return ([cls(retrievers, settings) for cls in SOURCES],
            [cls(retrievers, settings) for cls in SECOND_PASS])
