"""Search-quality evaluation on a question set (format of `../shared/eval/README.md`).

A question names the file that answers it (`source`, or `law` = the file's stem) and optionally
the paragraphs (`para`) whose section must be hit: `§ 22 – …` counts for para "22", `§ 22a` not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from kb.services.schemas import SearchHit, SearchQuery, SearchResponse


class Question(BaseModel):
    q: str
    law: str | None = None
    para: list[str] = Field(default_factory=list)
    source: str | None = None
    section: str | None = None  # from UI feedback: the section heading that answered


class Miss(BaseModel):
    q: str
    expected: str
    first: str | None
    rank: int | None


class EvalResult(BaseModel):
    mode: str
    questions: int
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr_at_10: float
    misses: list[Miss]


def load_questions(path: Path) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                questions.append(Question.model_validate_json(line))
            except ValueError as exc:
                raise ValueError(f"{path.name}, Zeile {number}: {exc}") from exc
    return questions


def _section_is(section: str | None, para: str) -> bool:
    return bool(section) and re.match(rf"§\s*{re.escape(para)}(?![\w])", section) is not None


def is_correct(hit: SearchHit, question: Question) -> bool:
    if question.source and hit.source != question.source:
        return False
    if question.law and Path(hit.source).stem != question.law:
        return False
    if question.para and not any(_section_is(hit.section, p) for p in question.para):
        return False
    if question.section and hit.section != question.section:
        return False
    return bool(question.source or question.law)


def expected_label(question: Question) -> str:
    target = question.source or question.law or "?"
    return f"{target} § {'/'.join(question.para)}" if question.para else target


def first_label(response: SearchResponse) -> str | None:
    if not response.results:
        return None
    hit = response.results[0]
    return f"{hit.source} – {hit.section or '–'}"


def evaluate(questions: list[Question], search: Callable[[SearchQuery], SearchResponse],
             mode: str, k: int = 10) -> EvalResult:
    ranks: list[int | None] = []
    misses: list[Miss] = []
    for question in questions:
        response = search(SearchQuery(text=question.q, k=k, mode=mode, highlight=False))
        rank = next((h.rank for h in response.results if is_correct(h, question)), None)
        ranks.append(rank)
        if rank != 1:
            misses.append(Miss(q=question.q, expected=expected_label(question),
                               first=first_label(response), rank=rank))
    n = max(len(ranks), 1)
    recall = lambda cut: sum(1 for r in ranks if r and r <= cut) / n  # noqa: E731
    return EvalResult(mode=mode, questions=len(ranks), recall_at_1=recall(1), recall_at_5=recall(5),
                      recall_at_10=recall(10), mrr_at_10=sum(1 / r for r in ranks if r and r <= 10) / n,
                      misses=misses)
