"""German compound splitting, so that 'Unterkunftskosten' meets 'Kosten der Unterkunft'.

Frequency-based splitting (Koehn & Knight, 2003): a word is split where the parts, each a known
German word, are on average (geometric mean of frequencies) more common than the whole word.
Frequencies come from the `wordfreq` package (a fixed list, so documents and queries are always
analysed alike, whatever the collection holds).
"""

from __future__ import annotations

from functools import lru_cache

LINKS = ("", "s", "es", "n", "en", "e", "er", "ns")
MIN_PART = 4
MIN_WORD = 8
MAX_WHOLE_ZIPF = 4.0  # words this common are words in their own right ('Einkommen', 'Unterkunft')
MIN_PART_ZIPF = 2.3
KNOWN_ZIPF = 2.5
# Derivational endings and particles that are words in the frequency list but never compound parts.
AFFIXES = frozenset({"heit", "keit", "ende", "enden", "ungen", "lich", "isch", "schaft", "tung",
                     "nach", "ober", "lose", "losen", "bare", "barer", "ling", "nahme", "sten"})


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("de", wordlist="large")


def word_frequency(word: str) -> float:
    """Relative frequency of a lower-case German word (0 when unknown)."""
    return _frequencies().get(word, 0.0)


class CompoundSplitter:
    """Splits into at most three parts; returns [] for words that are not compounds."""

    def __init__(self, stopwords: frozenset[str] = frozenset()) -> None:
        self.stopwords = stopwords
        self.split = lru_cache(maxsize=200_000)(self._split)

    def _freq(self, word: str) -> float:
        return word_frequency(word)

    def _part_freq(self, part: str, last: bool) -> float:
        """Frequency of a part, allowing a linking element (Fugen-s, -en, …) on non-final parts."""
        if len(part) < MIN_PART or part in self.stopwords or part in AFFIXES:
            return 0.0
        best = self._freq(part)
        if not last:
            for link in LINKS[1:]:
                stem = part[: -len(link)]
                if part.endswith(link) and len(stem) >= MIN_PART and stem not in self.stopwords:
                    best = max(best, self._freq(stem))
        return best if best >= 10 ** MIN_PART_ZIPF / 1e9 else 0.0

    def _split(self, word: str) -> tuple[str, ...]:
        """Best binary split, then each half recursively: 'heizkostennachzahlung' →
        heizkosten, nachzahlung, heiz, kosten (every level is a term a document may use)."""
        pair = self._best_pair(word)
        if not pair:
            return ()
        out: list[str] = []
        for half in pair:
            out.append(half)
            out.extend(self.split(half))
        return tuple(dict.fromkeys(out))

    def _best_pair(self, word: str) -> tuple[str, str] | None:
        if len(word) < MIN_WORD or not word.isalpha():
            return None
        best = self._freq(word)
        if best >= 10 ** MAX_WHOLE_ZIPF / 1e9:
            return None
        best_pair = None
        # A word that is common in its own right is split only into substantial parts
        # ('minderung' is not 'mind' + 'rung').
        min_part = MIN_PART + 1 if best >= 10 ** KNOWN_ZIPF / 1e9 else MIN_PART
        for i in range(min_part, len(word) - min_part + 1):
            head, tail = word[:i], word[i:]
            score = (self._part_freq(head, last=False) * self._part_freq(tail, last=True)) ** 0.5
            if score > best:
                best, best_pair = score, (_strip_link(head, self), tail)
        return best_pair


def _strip_link(part: str, splitter: CompoundSplitter) -> str:
    """'unterkunfts' → 'unterkunft' when the linked form is the rarer one."""
    best, best_f = part, splitter._freq(part)
    for link in LINKS[1:]:
        stem = part[: -len(link)]
        if part.endswith(link) and len(stem) >= MIN_PART and splitter._freq(stem) > best_f:
            best, best_f = stem, splitter._freq(stem)
    return best
