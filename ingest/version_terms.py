"""Terms an amendment replaced throughout a law: mined from the word diff of two versions.

The "Neue Grundsicherung" renamed the benefit: "Bürgergeld" became "Grundsicherungsgeld" in
dozens of norms, "Bürgergeldes" "Grundsicherungsgeldes" in others. A circular that still says
"Bürgergeld" is outdated in its wording, and a search for either term should find both — but
which replacements are systematic is for a person to decide, so they are listed for review
(never applied to the search on their own).

A pair is one word deleted and one word put in its place (a 1:1 replacement inside a changed
passage of a norm, headings included), both reduced to their base form where the texts show it
("Bürgergeldes" → "Bürgergeld" because "Bürgergeld" occurs). It counts when it happens in at
least `MIN_NORMS` distinct norms and the old term is nearly gone from the new version (at most
`REMAINING_SHARE` of its former occurrences left): a word replaced in a few places but still
used everywhere else ("Absatz" → "Satz") is an edit, not a renaming.

Pure: a `DocumentDiff` and both texts in, `TermPair`s out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from ingest.version_models import DocumentDiff, SectionDiff
from ingest.version_text import Token

MIN_NORMS = 3
"""A replacement found in fewer distinct norms is an edit of those norms, not a renaming."""
REMAINING_SHARE = 0.2
"""The old term may keep at most this share of its occurrences in the new version (transitional
provisions still name the old benefit)."""
MIN_LENGTH = 4
"""Shorter words ("und", "der", "Nr") are grammar, not terms (a second word may be "II")."""
MAX_WORDS = 2
"""A term is one word or two ("Arbeitslosengeld II" → "Bürgergeld" in 2023)."""

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ENDINGS = ("es", "en", "er", "em", "s", "n", "e")  # German inflection, longest first


@dataclass
class TermPair:
    """`old` replaced by `new` in `norms` ("§ 19", …); `before`/`after`: occurrences of the old
    term (any inflection) in the old and the new version."""

    old: str
    new: str
    norms: list[str]
    before: int
    after: int


def replaced_terms(diff: DocumentDiff, old_text: str, new_text: str,
                   min_norms: int = MIN_NORMS) -> list[TermPair]:
    """The systematic replacements of the diff, most widespread first."""
    forms = BaseForms(old_text, new_text)
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for section in diff.sections:
        if section.norm and section.state == "changed":
            for old, new in _replacements(section, forms):
                found[(old, new)].add(section.norm)
    pairs = []
    for (old, new), norms in found.items():
        before, after = forms.old[old], forms.new[old]
        if len(norms) >= min_norms and after <= REMAINING_SHARE * before:
            pairs.append(TermPair(old, new, sorted(norms, key=_norm_order), before, after))
    return sorted(pairs, key=lambda p: (-len(p.norms), p.old, p.new))


class BaseForms:
    """Base forms of the words of two versions: the shortest form, left when an inflection
    ending is cut off, that occurs in either text ("Leistungen" → "Leistung")."""

    def __init__(self, old_text: str, new_text: str) -> None:
        old_words, new_words = _WORD.findall(old_text), _WORD.findall(new_text)
        self.known = set(old_words) | set(new_words)
        self._cache: dict[str, str] = {}
        self.old = self._phrases([self.base(w) for w in old_words])
        self.new = self._phrases([self.base(w) for w in new_words])

    def base(self, word: str) -> str:
        if word not in self._cache:
            self._cache[word] = next((word[: -len(e)] for e in _ENDINGS if word.endswith(e)
                                      and len(word) - len(e) >= MIN_LENGTH and word[: -len(e)] in self.known), word)
        return self._cache[word]

    @staticmethod
    def _phrases(bases: list[str]) -> Counter[str]:
        """Occurrences of every base form and of every two in a row ("Arbeitslosengeld II")."""
        return Counter(bases) + Counter(f"{a} {b}" for a, b in pairwise(bases))


def _replacements(section: SectionDiff, forms: BaseForms) -> Iterator[tuple[str, str]]:
    """(old, new) base forms of every one-word replacement in the section's changed passages."""
    runs = [section.title_tokens] + [p.tokens for p in section.paragraphs if p.state in ("changed", "moved")]
    for tokens in runs:
        for deleted, inserted in _replaced_runs(tokens):
            old = [forms.base(w) for w in _words(deleted)]
            new = [forms.base(w) for w in _words(inserted)]
            matcher = SequenceMatcher(None, old, new, autojunk=False)
            for op, i1, i2, j1, j2 in matcher.get_opcodes():
                if op == "replace" and i2 - i1 <= MAX_WORDS and j2 - j1 <= MAX_WORDS:
                    term, replacement = " ".join(old[i1:i2]), " ".join(new[j1:j2])
                    if _is_term(old[i1], new[j1]) and term.casefold() != replacement.casefold():
                        yield term, replacement


def _replaced_runs(tokens: list[Token]) -> Iterator[tuple[str, str]]:
    """Each deleted run immediately followed by an inserted one."""
    for (op, text), (next_op, next_text) in pairwise(tokens):
        if op == "delete" and next_op == "insert":
            yield text, next_text


def _words(text: str) -> list[str]:
    """The words of a run; a word with digits ("§ 15", "2026") is no term and is left out."""
    return [w for raw in text.split() if (w := raw.strip(".,;:()[]„“\"'!?")) and _WORD.fullmatch(w)]


def _is_term(old_head: str, new_head: str) -> bool:
    """Both terms open with a word long enough to mean something."""
    return len(old_head) >= MIN_LENGTH and len(new_head) >= MIN_LENGTH


def _norm_order(norm: str) -> tuple[int, str]:
    digits = re.search(r"\d+", norm)
    return (int(digits[0]) if digits else 0, norm)
