"""Answer confidence: how likely a passage answers the question, from evidence the ranking has.

A fused rank says which passage is best, not whether any is good: every question gets a first
hit, also one the collection cannot answer. This module turns four pieces of evidence about a
passage into a probability-like `confidence` (0–1) with a logistic combination, and the best
confidences of a response into its `match` (gut / schwach / keine). It is pure: the searcher
gathers the evidence (`kb/services/hit_evidence.py`), this module only weighs it.

The coefficients are fitted offline by `bench/confidence.py` (logistic regression on the rank-1
passages of the answerable sets dev.jsonl and team.jsonl over the evaluation corpus, against the
odd-numbered questions of eval/unanswerable.jsonl over the sample corpus; holdout.jsonl,
holdout2.jsonl and the even-numbered unanswerable questions are left out for checking). Refit
them there after changing the model, the analysis or the fusion, and update the figures in
docs/search-quality.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass

GUT, SCHWACH, KEINE = "gut", "schwach", "keine"
MATCH_LABELS = {GUT: "passende Textstellen", SCHWACH: "unsichere Treffer", KEINE: "keine passende Textstelle"}


@dataclass(frozen=True)
class Evidence:
    """What the ranking knows about one passage for one question (each 0–1)."""

    cosine: float  # dense similarity of question and passage (e5 vectors, normalised)
    coverage: float  # share of the question's own content words found in the passage
    expanded: float  # share of the plan's terms (with spelled-out abbreviations, norm titles) found
    norms: float  # share of the norms the question cites that the passage is or cites (0: none cited)
    agreement: float  # fused score relative to a passage ranked first by both dense and BM25

    def vector(self) -> tuple[float, ...]:
        return astuple(self)


FEATURES = ("cosine", "coverage", "expanded", "norms", "agreement")
# Fitted by bench/confidence.py (see the module docstring); intercept first, then FEATURES. Refitted
# when the sample corpus began to ship SGB II and SGB X (the collection the unanswerable questions
# run over changed; questions the law texts answer moved to eval/sample.jsonl).
# Coefficients are fitted ≥ 0; the agreement of the lists then adds nothing on these sets (0).
INTERCEPT = -61.24
COEFFICIENTS = (68.98, 5.50, 0.26, 0.43, 0.0)


def confidence(evidence: Evidence, intercept: float = INTERCEPT,
               coefficients: Sequence[float] = COEFFICIENTS) -> float:
    """Logistic combination of the evidence, rounded for display and JSON."""
    z = intercept + sum(c * x for c, x in zip(coefficients, evidence.vector(), strict=True))
    return round(1 / (1 + math.exp(-max(-50.0, min(50.0, z)))), 4)


def match_of(confidences: Iterable[float], good: float, weak: float) -> str:
    """gut when the best passage reaches `good`, schwach when it reaches `weak`, else keine."""
    best = max(confidences, default=0.0)
    return GUT if best >= good else SCHWACH if best >= weak else KEINE


def auroc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Area under the ROC curve: the chance that a random answerable question scores above a
    random unanswerable one (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))
