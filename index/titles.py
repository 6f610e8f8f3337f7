"""Section titles as evidence: a query that covers most of a title asks for that section.

Legislators and authors of circulars name a section for what it regulates ('§ 60 – Angabe von
Tatsachen', '§ 5 – Verhältnis zu anderen Leistungen'), and caseworkers ask in those words
('Mitwirkungspflichten, Angaben von Tatsachen'). BM25 sees the title only as a few more terms
of a long chunk, so a body full of the query's common words outranks it. Here a title is
scored by the share of its own (IDF-weighted) words the query contains: short titles that the
query covers entirely rank first, whatever the length of the text below them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence

from index.analysis import GermanAnalyzer, default_analyzer

# Leading numbering of a heading: '§ 30 –', '§§ 11-11b', 'Art. 5', '2.3.1', 'III.', 'a)'.
_NUMBERING = re.compile(r"^\s*(?:(?:§+|Art\.?|Artikel|Anlage)\s*)?(?:[\dIVXivx]+[\w.]*\)?\s*)?[–—:.-]?\s*")

_ONE_WORD_TERMS = 3  # a one-word query: the word's stem and up to two compound parts
Word = tuple[str, tuple[str, ...]]  # stem of a title word and the stems of its compound parts


class TitleIndex:
    """In memory, updated per chunk; documents share a title's entry when their titles match."""

    def __init__(self, analyzer: GermanAnalyzer | None = None, min_coverage: float = 0.5) -> None:
        self.analyzer = analyzer or default_analyzer()
        self.min_coverage = min_coverage
        self._title_of: dict[int, str] = {}  # chunk id → normalised title
        self._chunks: dict[str, set[int]] = {}  # title → chunk ids
        self._words: dict[str, tuple[Word, ...]] = {}  # title → its analysed words
        self._titles_with: dict[str, set[str]] = {}  # term (stem or part) → titles containing it

    def __len__(self) -> int:
        return len(self._chunks)

    def add(self, ids: Sequence[int], titles: Sequence[str | None]) -> None:
        for chunk_id, raw in zip(ids, titles, strict=True):
            self.remove([chunk_id])
            title = _NUMBERING.sub("", raw or "").strip()
            if not title:
                continue
            self._title_of[int(chunk_id)] = title
            if title not in self._chunks:
                self._register(title)
            self._chunks[title].add(int(chunk_id))

    def remove(self, ids: Iterable[int]) -> None:
        for chunk_id in ids:
            title = self._title_of.pop(int(chunk_id), None)
            if title is None:
                continue
            members = self._chunks[title]
            members.discard(int(chunk_id))
            if not members:
                self._unregister(title)

    def _register(self, title: str) -> None:
        words = tuple(self.analyzer.words(title))
        self._chunks[title] = set()
        self._words[title] = words
        for term in _terms(words):
            self._titles_with.setdefault(term, set()).add(title)

    def _unregister(self, title: str) -> None:
        for term in _terms(self._words.pop(title)):
            holders = self._titles_with[term]
            holders.discard(title)
            if not holders:
                del self._titles_with[term]
        del self._chunks[title]

    def _idf(self, term: str) -> float:
        """Rarer title words say more: 'Tatsachen' identifies a section, 'Leistungen' does not."""
        return math.log(1 + len(self._chunks) / (len(self._titles_with.get(term, ())) + 0.5))

    def coverage(self, title: str, query: Collection[str]) -> tuple[float, float, int]:
        """(share of the title's weight the query covers, covered weight, title words matched).
        A compound title word counts in part when the query has some of its parts."""
        total = covered = 0.0
        matched = 0
        for stem, parts in self._words.get(title, ()):
            weight = self._idf(stem)
            total += weight
            share = 1.0 if stem in query else (sum(p in query for p in parts) / len(parts) if parts else 0.0)
            covered += weight * share
            matched += share > 0
        return (covered / total if total else 0.0), covered, matched

    def search(self, terms: Iterable[str], n: int, allowed: Collection[int] | None = None) -> list[tuple[int, float]]:
        """Chunks under titles the query covers at least `min_coverage`, best covered first.

        One shared word is no title match ('Mietkaution als Darlehen' is not about '§ 42a –
        Darlehen'; BM25 already weighs single words) unless it is all the query says."""
        query = set(terms)
        query_words = len(query)
        candidates = {t for term in query for t in self._titles_with.get(term, ())}
        scored = []
        for title in candidates:
            share, weight, matched = self.coverage(title, query)
            if share >= self.min_coverage and (matched >= 2 or query_words <= _ONE_WORD_TERMS):
                scored.append((share, weight, title))
        scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
        out: list[tuple[int, float]] = []
        for share, _weight, title in scored:
            members = sorted(self._chunks[title])
            out += [(cid, share) for cid in members if allowed is None or cid in allowed]
            if len(out) >= n:
                break
        return out[:n]


def _terms(words: Iterable[Word]) -> set[str]:
    return {term for stem, parts in words for term in (stem, *parts)}
