"""Absatz ordering accuracy: does a query citing "§ 22 Abs. 1 SGB II" rank passages about Abs. 1
above passages about other Absätze of § 22 (issue 16)?

MRR with one expected document cannot see this (the cited law text is rank 1 by design, and
several circulars treat the same Absatz), so this metric looks at all top hits instead: each hit
is "same" (its heading or text cites the norm down to the query's Absatz, or it is the law text
holding that Absatz), "other" (it cites or holds only other Absätze of that norm) or neutral.
A question's accuracy is the share of (same, other) pairs in which the same-Absatz hit ranks
higher; questions without such a pair are skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ingest.citations import Citation, heading_norm, parse_citations
from ingest.models import DocType
from kb.services.evaluation import Question
from kb.services.schemas import SearchHit, SearchQuery, SearchResponse

Kind = Literal["same", "other", "neutral"]
_HELD_RE = re.compile(r"(?m)^\s*\((\d+)\)")


@dataclass(frozen=True)
class AbsatzOrderResult:
    questions: int
    with_pairs: int  # questions whose top hits hold at least one (same, other) pair
    skipped: int  # without a pair, or citing no Absatz
    accuracy: float  # mean over the questions with pairs (0 if none)


def cited_absatz(query: str) -> Citation | None:
    """The first citation of the query that names a law and an Absatz."""
    return next((c for c in parse_citations(query) if c.law and c.absatz is not None), None)


def _same_paragraph(c: Citation, cited: Citation) -> bool:
    return c.law == cited.law and c.kind == cited.kind and c.paragraph == cited.paragraph


def _absaetze(hit: SearchHit, cited: Citation) -> set[int]:
    """Absätze of the cited paragraph the hit is about: those its law text holds ('(3)' lines)
    if it is that paragraph's law text, else those its headings and text cite. A citation without
    a law is read as the query's law (circulars write '§ 22 Abs. 1' after naming SGB II once)."""
    is_law_text = hit.doc_type == DocType.GESETZ.value and bool(hit.section)
    if is_law_text and heading_norm(hit.section or "", cited.law) == cited.norm_id("paragraph"):
        return {int(n) for n in _HELD_RE.findall(hit.text)}
    text = "\n".join([*hit.heading_path, hit.section or "", hit.text])
    return {c.absatz for c in parse_citations(text, default_law=cited.law)
            if c.absatz is not None and _same_paragraph(c, cited)}


def classify(hit: SearchHit, cited: Citation) -> Kind:
    """'same' if the hit is about the cited Absatz, 'other' if only about other Absätze."""
    found = _absaetze(hit, cited)
    if cited.absatz in found:
        return "same"
    return "other" if found else "neutral"


def pair_accuracy(kinds: Sequence[Kind]) -> float | None:
    """Share of (same, other) pairs with 'same' first (kinds in rank order); None without pairs."""
    correct = sames_before = 0
    for kind in kinds:
        if kind == "same":
            sames_before += 1
        elif kind == "other":
            correct += sames_before
    total = list(kinds).count("same") * list(kinds).count("other")
    return correct / total if total else None


def absatz_order(questions: list[Question], search: Callable[[SearchQuery], SearchResponse],
                 mode: str = "hybrid", k: int = 10) -> AbsatzOrderResult:
    """Mean ordering accuracy over the questions citing an Absatz whose top k hold a pair."""
    scores: list[float] = []
    for question in questions:
        cited = cited_absatz(question.q)
        if cited is None:
            continue
        hits = search(SearchQuery(text=question.q, k=k, mode=mode, highlight=False)).results
        score = pair_accuracy([classify(h, cited) for h in hits[:k]])
        if score is not None:
            scores.append(score)
    return AbsatzOrderResult(questions=len(questions), with_pairs=len(scores),
                             skipped=len(questions) - len(scores),
                             accuracy=sum(scores) / len(scores) if scores else 0.0)
