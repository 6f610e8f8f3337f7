"""How well `match` separates questions the collection answers from questions it cannot.

Shared by `kb eval --unanswerable`, `bench/confidence.py` and the real-model test: each question
is searched as the search page does (hybrid, first page), its confidence is the best of the first
`match_depth` hits, and a set's figures are the AUROC against the unanswerable questions and, at
the configured thresholds, the share of answerable questions that keep a match (≠ keine) and of
unanswerable ones that get keine.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from kb.services.confidence import KEINE, auroc
from kb.services.schemas import SearchQuery, SearchResponse

Search = Callable[[SearchQuery], SearchResponse]


class Scored(BaseModel):
    q: str
    confidence: float
    match: str


class SeparationResult(BaseModel):
    answerable: int
    unanswerable: int
    auroc: float
    kept: float  # answerable questions with match != keine
    caught: float  # unanswerable questions with match == keine
    good: float  # answerable questions with match == gut


def load_unanswerable(path: Path) -> list[str]:
    """Questions of a JSONL file (`{"q": …}` a line, other fields ignored)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    questions = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                questions.append(str(json.loads(line)["q"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path.name}, Zeile {number}: kein JSON-Objekt mit \"q\" ({exc})") from exc
    return questions


def score(questions: Sequence[str], search: Search, depth: int = 3) -> list[Scored]:
    out = []
    for text in questions:
        response = search(SearchQuery(text=text, k=10, mode="hybrid", highlight=False))
        best = max((h.confidence for h in response.results[:depth]), default=0.0)
        out.append(Scored(q=text, confidence=best, match=response.match))
    return out


def separation(answerable: Sequence[Scored], unanswerable: Sequence[Scored]) -> SeparationResult:
    def share(items: Sequence[Scored], keep: Callable[[Scored], bool]) -> float:
        return sum(1 for s in items if keep(s)) / len(items) if items else float("nan")

    return SeparationResult(
        answerable=len(answerable), unanswerable=len(unanswerable),
        auroc=auroc([s.confidence for s in answerable], [s.confidence for s in unanswerable]),
        kept=share(answerable, lambda s: s.match != KEINE), caught=share(unanswerable, lambda s: s.match == KEINE),
        good=share(answerable, lambda s: s.match == "gut"))
