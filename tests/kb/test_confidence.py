"""The pure parts of the answer confidence: the logistic combination, match, AUROC."""

from __future__ import annotations

import math

import pytest

from kb.services.confidence import GUT, KEINE, SCHWACH, Evidence, auroc, confidence, match_of
from kb.services.confidence_eval import Scored, load_unanswerable, separation


def evidence(cosine=0.85, coverage=0.5, expanded=0.5, norms=0.0, agreement=0.9) -> Evidence:
    return Evidence(cosine=cosine, coverage=coverage, expanded=expanded, norms=norms, agreement=agreement)


def test_confidence_is_a_probability_that_never_falls_with_more_evidence():
    base = confidence(evidence())
    assert 0 < base < 1
    assert confidence(evidence(cosine=0.9)) > base
    assert confidence(evidence(coverage=1.0)) > base
    for more in ({"expanded": 1.0}, {"norms": 1.0}, {"agreement": 1.0}):
        assert confidence(evidence(**more)) >= base, more
    assert confidence(evidence(cosine=0.0, coverage=0.0, expanded=0.0, agreement=0.0)) < 0.01


def test_extreme_evidence_does_not_overflow():
    assert confidence(evidence(), intercept=1e6, coefficients=(0, 0, 0, 0, 0)) == 1.0
    assert confidence(evidence(), intercept=-1e6, coefficients=(0, 0, 0, 0, 0)) == 0.0


@pytest.mark.parametrize(("best", "expected"), [(0.9, GUT), (0.5, GUT), (0.3, SCHWACH), (0.2, SCHWACH),
                                                (0.19, KEINE), (None, KEINE)])
def test_match_from_the_best_confidence_and_two_thresholds(best, expected):
    values = [0.01, best] if best is not None else []
    assert match_of(values, good=0.5, weak=0.2) == expected


def test_auroc_counts_pairs_and_ties():
    assert auroc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auroc([0.1], [0.9]) == 0.0
    assert auroc([0.5], [0.5]) == 0.5
    assert auroc([0.9, 0.3], [0.5]) == 0.5
    assert math.isnan(auroc([], [0.5]))


def test_separation_shares():
    answerable = [Scored(q="a", confidence=0.9, match=GUT), Scored(q="b", confidence=0.1, match=KEINE)]
    unanswerable = [Scored(q="c", confidence=0.05, match=KEINE), Scored(q="d", confidence=0.3, match=SCHWACH)]
    result = separation(answerable, unanswerable)
    assert (result.kept, result.caught, result.good) == (0.5, 0.5, 0.5)
    assert result.auroc == 0.75


def test_unanswerable_file_is_read_and_bad_lines_are_named(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_text('{"q": "Hundesteuer", "kind": "fern"}\n\n{"frage": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="Zeile 3"):
        load_unanswerable(path)
    path.write_text('{"q": "Hundesteuer"}\n', encoding="utf-8")
    assert load_unanswerable(path) == ["Hundesteuer"]


def test_the_project_set_has_at_least_30_unanswerable_questions():
    from tests.conftest import REPO

    questions = load_unanswerable(REPO / "eval" / "unanswerable.jsonl")
    assert len(questions) >= 30 and len(set(questions)) == len(questions)
