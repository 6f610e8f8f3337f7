"""Typing errors for evaluation: how much does search lose when caseworkers mistype?

One typo per question in its longest word (at least six letters): a dropped, doubled or swapped
letter or a neighbouring key, the first letter kept (people rarely miss that one). A seeded
generator makes runs repeatable, so `bench/typos.py` and the tests measure the same questions.
"""

from __future__ import annotations

import random
import re

from kb.services.evaluation import Question

NEIGHBOURS = {"a": "s", "s": "d", "d": "f", "e": "r", "r": "t", "t": "z", "i": "o", "o": "p",
              "n": "m", "m": "n", "u": "i", "g": "h", "h": "j", "l": "k", "c": "v", "b": "n"}
_WORD = re.compile(r"[^\W\d_]{6,}")


def with_typo(text: str, rng: random.Random) -> str:
    words = list(_WORD.finditer(text))
    if not words:
        return text
    word = max(words, key=lambda m: len(m.group()))
    w, i = word.group(), rng.randrange(1, len(word.group()) - 1)
    typo = {
        "drop": w[:i] + w[i + 1:],
        "double": w[:i] + w[i] + w[i:],
        "swap": w[:i] + w[i + 1] + w[i] + w[i + 2:],
        "key": w[:i] + NEIGHBOURS.get(w[i], "e") + w[i + 1:],
    }[rng.choice(["drop", "double", "swap", "key"])]
    if typo == w:  # swapped two equal letters ('ss'): drop one instead
        typo = w[:i] + w[i + 1:]
    return text[:word.start()] + typo + text[word.end():]


def with_typos(questions: list[Question], seed: int = 1) -> list[Question]:
    rng = random.Random(seed)
    return [q.model_copy(update={"q": with_typo(q.q, rng)}) for q in questions]
