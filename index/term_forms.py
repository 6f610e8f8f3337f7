"""How the vocabulary compares words: folded, and with or without one German ending.

Shared by the vocabulary's matcher (`index.vocabulary`) and its file reader
(`index.vocabulary_file`, which resolves `same_as` by the same comparison), so that a term in the
file and a word in a query are read alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Inflection endings; one may be dropped from each word as long as 4 letters remain.
_ENDINGS = ("e", "n", "s", "en", "er", "em", "es", "ern", "ens", "ers")
_MIN_STEM = 4
_TOKEN = re.compile(r"[^\W\d_]+|\d+")  # letter runs and digit runs: "SGB2" -> "SGB", "2"
_APOSTROPHE = re.compile(r"['’`´]")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def tokens(text: str) -> list[str]:
    """Words and numbers; apostrophes vanish so that "citizen's" and "citizens" meet."""
    return _TOKEN.findall(_APOSTROPHE.sub("", text))


def word_forms(token: str) -> frozenset[str]:
    """A word folded (case, umlauts, ß) plus its stems without one ending.

    Two words match when their forms overlap: "Ansprechpartners" and "Ansprechpartner" share
    "ansprechpartn". Plural umlauts ("Widersprüche", "Regelsätze") are undone after the ending
    is dropped, so the plural meets the singular.
    """
    word = token.casefold().translate(_UMLAUTS).replace("ss", "s")
    forms = {word}
    if word.isalpha():
        forms |= {word[: -len(e)] for e in _ENDINGS if word.endswith(e)}
        forms = {f for f in forms if len(f) >= _MIN_STEM or f == word}
    return frozenset(f.replace("ae", "a").replace("oe", "o").replace("ue", "u") for f in forms)


def phrase_forms(text: str) -> tuple[frozenset[str], ...]:
    """The forms of each word of a term, in order: phrases match word by word."""
    return tuple(word_forms(t) for t in tokens(text))


def same_words(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> bool:
    """Same number of words and every pair shares a form ("Bedarfsgemeinschaften" ~ "Bedarfsgemeinschaft")."""
    return len(a) == len(b) and all(x & y for x, y in zip(a, b, strict=False))
