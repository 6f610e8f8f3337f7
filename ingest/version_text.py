"""Words of a paragraph as the version diff compares and shows them.

Two versions of a document come from different exports (a Markdown dump and a GII XML, a Word
file saved twice), so whitespace, soft hyphens, non-breaking spaces, Markdown emphasis and
bullet characters differ where the wording does not. A caseworker reading a diff must only see
changed *words*; this module reduces a paragraph to its words (numbering such as "(1)", "2."
and "a)" stays: it is wording) and compares them with typographic variants of quotes and
dashes folded, so "„Kooperationsplan“" and "\"Kooperationsplan\"" are the same word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

Token = tuple[str, str]
"""One run of words of a word diff: (op, text), op in "equal", "insert", "delete"."""

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦‣●○■□–—]|&bull;)\s+")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])|`+")
_ESCAPE = re.compile(r"\\(?=[^\w\s])")
_FOLD = str.maketrans({
    "„": '"', "“": '"', "”": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‚": "'", "‘": "'", "’": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "`": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})  # fmt: skip
_DASHES = {"-", "–", "—"}
SHORT_EQUAL = 2
"""Equal runs of at most this many words between two larger changes are folded into them."""


def display_words(text: str) -> list[str]:
    """The words of `text` as shown: layout (spaces, breaks, soft hyphens, Markdown emphasis,
    a leading bullet or '#') removed, numbering and punctuation kept."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = _HEADING_MARK.sub("", _BULLET.sub("", text))
    return _EMPHASIS.sub("", _ESCAPE.sub("", text)).split()


def compare_form(word: str) -> str:
    """The form two words are compared in: typographic quote and dash variants folded."""
    return word.translate(_FOLD).replace("…", "...")


def comparable(text: str) -> str:
    """One string per paragraph that is equal exactly when the wording is equal."""
    return " ".join(compare_form(w) for w in display_words(text))


def comparable_title(text: str) -> str:
    """A heading's comparable form; a dash between number and title is layout ("§ 15 – X" is
    "§ 15 X"), because formats put it there or not."""
    return " ".join(compare_form(w) for w in display_words(text) if w not in _DASHES)


def word_diff(old: str, new: str) -> list[Token]:
    """Word diff of two paragraphs: runs of equal, deleted and inserted words.

    A token's text is its words joined by single spaces (no spaces at either end); a renderer
    joins tokens with a space. Joining the "equal" and "insert" runs gives the new text, the
    "equal" and "delete" runs the old one. A replaced run yields "delete" before "insert".
    """
    old_words, new_words = display_words(old), display_words(new)
    matcher = SequenceMatcher(None, [compare_form(w) for w in old_words],
                              [compare_form(w) for w in new_words], autojunk=False)
    runs = [_Run(old_words[i1:i2], new_words[j1:j2], op == "equal")
            for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    tokens: list[Token] = []
    for run in _absorb_short_equals(runs):
        if run.equal:
            tokens.append(("equal", " ".join(run.new)))
            continue
        tokens.extend([("delete", " ".join(run.old))] if run.old else [])
        tokens.extend([("insert", " ".join(run.new))] if run.new else [])
    return tokens


@dataclass
class _Run:
    old: list[str]
    new: list[str]
    equal: bool

    @property
    def size(self) -> int:
        return max(len(self.old), len(self.new))


def _absorb_short_equals(runs: list[_Run]) -> list[_Run]:
    """A word or two left equal between two larger changes ("der" in a rewritten sentence)
    joins them: one deleted and one inserted phrase read better than a patchwork."""
    out: list[_Run] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        after = runs[i + 1] if i + 1 < len(runs) else None
        before = out[-1] if out else None
        if (run.equal and before and after and not before.equal and not after.equal
                and run.size <= SHORT_EQUAL and run.size < min(before.size, after.size)):
            before.old += run.old + after.old
            before.new += run.new + after.new
            i += 2
            continue
        out.append(_Run(list(run.old), list(run.new), run.equal))
        i += 1
    return out


def similarity(old: list[str], new: list[str], floor: float = 0.0) -> float:
    """Share of words two texts have in common, in order (difflib ratio, 0..1).

    Most pairs the aligners ask about are unrelated, so the cheap upper bounds are tried first:
    below `floor` an upper bound is returned instead of the exact ratio.
    """
    if not old or not new:
        return 0.0
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        if (value := bound()) < floor:
            return value
    return matcher.ratio()
