"""German text analysis for the lexical index, applied identically to documents and queries.

Words are lower-cased, stop words dropped, stemmed with the Snowball German stemmer (which also
folds ä/ae, ö/oe, ü/ue and ß/ss to one form) and compounds are split into their parts, so
'Unterkunftskosten', 'Kosten der Unterkunft' and 'Unterkunfts-Kosten' share terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import Stemmer

from index.compounds import CompoundSplitter
from index.verbforms import infinitive

DATA = Path(__file__).resolve().parent / "data"
# Raise when a change makes the same text analyse to other terms: indexes built with another
# version are rebuilt on open, since documents and queries must be analysed alike.
ANALYSIS_VERSION = 2
_TOKEN = re.compile(r"\d+[a-z]?\b|[^\W\d_]+", re.UNICODE)


@dataclass
class Analysis:
    """Terms of the running text and, separately, the parts of its compounds."""

    terms: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    def all_terms(self) -> list[str]:
        return list(dict.fromkeys(self.terms + self.parts))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    lines = (DATA / "stopwords_de.txt").read_text(encoding="utf-8").splitlines()
    words = {w for line in lines if not line.startswith("#") for w in line.split()}
    return frozenset(words | {fold(w) for w in words})


def fold(word: str) -> str:
    """Umlaut and accent folding for words the stemmer leaves alone (numbers, foreign words)."""
    word = word.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class GermanAnalyzer:
    version = ANALYSIS_VERSION

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("german")
        self._stop = stopwords()
        self._splitter = CompoundSplitter(self._stop)
        self.stem = lru_cache(maxsize=500_000)(self._stem)

    def _stem(self, word: str) -> str:
        return fold(self._stemmer.stemWord(infinitive(word) or word))

    def tokens(self, text: str) -> list[str]:
        """Lower-cased words and paragraph numbers ('22a'); hyphenated words come apart."""
        text = unicodedata.normalize("NFKC", text).lower()
        return [t for t in _TOKEN.findall(text)
                if t not in self._stop and (len(t) > 1 or t.isdigit())]

    def analyze(self, text: str) -> Analysis:
        result = Analysis()
        for token in self.tokens(text):
            if token[0].isdigit():
                result.terms.append(token)
                continue
            result.terms.append(self.stem(token))
            result.parts.extend(self._parts(token))
        return result

    def words(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """Each word's stem with the stems of its compound parts, numbers left out: for
        comparing short texts (titles) word by word."""
        return [(self.stem(t), self._parts(t)) for t in self.tokens(text) if not t[0].isdigit()]

    def _parts(self, token: str) -> tuple[str, ...]:
        return tuple(self.stem(p) for p in self._splitter.split(token))

    def warm_up(self) -> None:
        """Load the stemmer and the compound dictionary before the first request."""
        self.analyze("Unterkunftskosten")


@lru_cache(maxsize=1)
def default_analyzer() -> GermanAnalyzer:
    return GermanAnalyzer()
