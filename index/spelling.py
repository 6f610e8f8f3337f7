"""Spelling correction for query words that occur nowhere in the collection.

Caseworkers type fast ('Eingliederungsvereinbarng', 'Mehrbedraf für Alleinerziehnde'). BM25,
the title and the proximity lists find nothing for a stem the index has never seen, and the
dense model reads other sub-word pieces. A word is corrected only when it cannot be right: its
stem is neither indexed nor a word of the field's vocabulary, and it is no word of general
German either (the `wordfreq` list the compound splitter uses: 'Sozialamt' or 'Azubis' are right
even where the circulars never say them). Candidates are the indexed stems within one edit of
the word's stem (two for longer words; swapping neighbours is one edit) or of its beginning (a
typo in an ending the stemmer would have removed); the way the collection writes one of them
that is nearest to what was typed replaces the word. Comparing stems means inflection is never
an error; a compound of known parts may be a rare but correct word and is corrected only for a
single slip ('Zusammennarbeit').
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.analysis import GermanAnalyzer, default_analyzer, fold
from index.compounds import word_frequency

MIN_LENGTH = 5  # shorter words ('Leute', 'oft') have too many neighbours to guess from
MAX_LENGTH = 64  # the longest German law names; anything longer is no word
_ENDING = 2  # the collection may spell the word only with another ending ('-es', '-en')
MAX_WORDS, MAX_CHANGES = 40, 5  # a question, not a pasted page: bounds the work per query
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Correction:
    """The query as searched, and which typed words were replaced by what."""

    text: str
    changes: tuple[tuple[str, str], ...]


def max_edits(stem: str) -> int:
    return 1 if len(stem) <= 7 else 2


class Speller:
    """Corrects query words against the stems of the lexical index (stem → chunks containing it)."""

    def __init__(self, frequencies: Mapping[str, int], analyzer: GermanAnalyzer | None = None,
                 field_words: Iterable[str] = ()) -> None:
        """`frequencies`: the index's stems; `field_words`: words of the field's vocabulary,
        which count as known even where the collection never uses them ('Optionskommune')."""
        self.analyzer = analyzer or default_analyzer()
        self._frequency = dict(frequencies)
        self._field_forms: dict[str, list[str]] = {}
        for word in field_words:
            for stem, _parts in self.analyzer.words(word):
                self._frequency.setdefault(stem, 1)
                self._field_forms.setdefault(stem, []).append(word)
        self._stems = [term for term in self._frequency if term.isalpha()]
        self._by_length: dict[int, list[str]] = {}
        for term in self._stems:
            self._by_length.setdefault(len(term), []).append(term)


    @property
    def frequencies(self) -> Mapping[str, int]:
        """Chunks containing each known stem (field words the collection lacks count 1)."""
        return self._frequency

    def knows(self, stem: str) -> bool:
        return self._frequency.get(stem, 0) > 0

    def suggest(self, stem: str, word: str = "", limit: int = 3) -> list[str]:
        """Indexed stems the typed word may have meant, most likely first; none if the stem is
        known or too short to guess from.

        Two routes: stems near the typed word's stem, and stems near the start of the typed
        word. The second catches typos in a suffix the stemmer would have removed: the stem of
        'Vermittling' keeps its '-ing', while 'Vermittlung' is indexed as 'vermittl'."""
        if len(stem) < MIN_LENGTH or self.knows(stem):
            return []
        near = process.extract(stem, self._stems, scorer=OSA.distance,
                               score_cutoff=max_edits(stem), limit=None)
        found = self._ranked([(term, distance) for term, distance, _ in near])[:limit]
        return list(dict.fromkeys(found + self._ranked(self._prefix_matches(fold(word.lower())))[:limit]))

    def _prefix_matches(self, word: str) -> list[tuple[str, int]]:
        """Stems within one edit of a beginning of the word that leaves at most six letters
        (the longest endings a stemmer removes: '-ungen', '-igkeit')."""
        out: list[tuple[str, int]] = []
        for length in range(max(MIN_LENGTH, len(word) - 6), len(word)):
            pool = [t for n in (length - 1, length, length + 1) for t in self._by_length.get(n, ())]
            hits = process.extract(word[:length], pool, scorer=OSA.distance, score_cutoff=1, limit=None)
            out += [(term, distance + len(word) - length) for term, distance, _ in hits]
        return out  # an edit and a letter left over count alike: 'weiterlauf' before 'weiter'

    def _ranked(self, hits: list[tuple[str, int]]) -> list[str]:
        hits = sorted(set(hits), key=lambda hit: (hit[1], -self._frequency[hit[0]], hit[0]))
        return list(dict.fromkeys(term for term, _ in hits))

    def correct(self, text: str, forms_of: Callable[[str], Sequence[str]],
                keep: Collection[str] = ()) -> Correction | None:
        """The query with its unknown words replaced; None when nothing needs correcting.

        `forms_of(stem)` gives the words of the collection with that stem; `keep` holds stems to
        leave alone (the words of the field's vocabulary the query contains)."""
        changes: list[tuple[str, str]] = []
        pieces: list[str] = []
        last = 0
        for number, match in enumerate(WORD.finditer(text)):
            if number == MAX_WORDS or len(changes) == MAX_CHANGES:
                break
            word = match.group()
            better = self._correct_word(word, forms_of, keep)
            if better is None:
                continue
            pieces += [text[last:match.start()], better]
            last = match.end()
            changes.append((word, better))
        if not changes:
            return None
        return Correction("".join(pieces) + text[last:], tuple(changes))

    def _correct_word(self, word: str, forms_of: Callable[[str], Sequence[str]],
                      keep: Collection[str]) -> str | None:
        unknown = self._unknown(word, keep)
        if unknown is None:
            return None
        stem, reach = unknown
        lower = word.lower()
        # Of all the ways the collection writes the suggested stems, the spelling nearest to
        # what was typed wins ('…vereinbarng' → '…vereinbarung', not the plural); on a tie the
        # more likely stem, then the alphabetically first spelling.
        options = [(OSA.distance(lower, form.lower()), rank, form)
                   for rank, target in enumerate(self.suggest(stem, word))
                   for form in {*forms_of(target), *self._field_forms.get(target, ())}]
        if not options:
            return None
        distance, _rank, form = min(options)
        if distance == 0 or distance > reach:
            return None
        return (form[0].upper() if word[0].isupper() else form[0].lower()) + form[1:]

    def _unknown(self, word: str, keep: Collection[str]) -> tuple[str, int] | None:
        """(stem, how many edits away a correction may be) for a word that cannot be right;
        None for a word that can."""
        lower = word.lower()
        if not MIN_LENGTH <= len(lower) <= MAX_LENGTH or _is_abbreviation(word) or word_frequency(lower):
            return None
        analysed = self.analyzer.words(word)
        if len(analysed) != 1:  # a stopword: nothing to search for anyway
            return None
        stem, parts = analysed[0]
        if stem in keep or self.knows(stem):
            return None
        # A compound of known parts may be a rare but correct word; only a single slip of the
        # finger ('Zusammennarbeit') is corrected then, not a guess two letters away.
        compound = (bool(parts) and all(map(self.knows, parts))) or self._two_known_words(lower)
        return stem, 1 if compound else max_edits(lower) + _ENDING

    def _two_known_words(self, word: str) -> bool:
        """'Bürgergeldgesetz' = 'Bürgergeld' + 'Gesetz' (with or without a linking 's'): words
        the compound splitter's list does not break up, which are no typo for all that."""
        for cut in range(4, len(word) - 2):
            head, tail = word[:cut], word[cut:]
            if self._known_word(tail) and any(self._known_word(h) for h in (head, head.removesuffix("s"))):
                return True
        return False

    def _known_word(self, word: str) -> bool:
        return len(word) >= 3 and (word_frequency(word) > 0 or self.knows(self.analyzer.stem(word)))


def _is_abbreviation(word: str) -> bool:
    """'SGB', 'KdU', 'eLb': capitals after the first letter mark an abbreviation, not a typo."""
    return any(c.isupper() for c in word[1:])
