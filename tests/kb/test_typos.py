"""The typo generator of the evaluation: one slip in the longest word, repeatable."""

from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import OSA

from kb.services.evaluation import Question
from kb.services.typos import with_typo, with_typos

QUESTIONS = [Question(q=text, law="sgb_2") for text in (
    "Unterkunftskosten bei Umzug ohne Zusicherung", "Mehrbedarf für Alleinerziehende",
    "Zusammenarbeit",  # 'mm': swapping two equal letters would be no typo
    "Wer zahlt die Heizkostennachzahlung?", "KdU", "§ 22 SGB II")]


@pytest.mark.parametrize("seed", range(25))
def test_each_question_gets_one_slip_in_its_longest_word(seed):
    typed = with_typos(QUESTIONS, seed=seed)
    for before, after in zip(QUESTIONS, typed, strict=True):
        old, new = before.q.split(), after.q.split()
        changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        if max(len(w.strip("?")) for w in old) < 6:
            assert changed == []  # nothing long enough to mistype
            continue
        assert len(changed) == 1
        word, typo = changed[0]
        assert len(word.strip("?")) == max(len(w.strip("?")) for w in old)
        assert OSA.distance(word, typo) == 1 and typo[0] == word[0]
        assert after.law == before.law


def test_the_same_seed_gives_the_same_typos():
    assert with_typos(QUESTIONS, seed=7) == with_typos(QUESTIONS, seed=7)
    assert with_typos(QUESTIONS, seed=7) != with_typos(QUESTIONS, seed=8)


def test_swapping_two_equal_letters_still_makes_a_typo():
    assert all(with_typo("Zusammenarbeit", random.Random(seed)) != "Zusammenarbeit" for seed in range(300))
