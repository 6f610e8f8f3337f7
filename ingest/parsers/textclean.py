"""Text clean-up shared by all parsers: whitespace, control characters and line joining.

Extracted text (above all from PDFs) is full of non-breaking spaces, soft hyphens and words split
across lines. Search and chunking work on normalised text, so every parser runs its strings
through the same few functions here instead of each fixing them slightly differently.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that render as nothing or as a plain space but would split or glue search tokens.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# A word broken at the line end: letter + hyphen. Words after which a trailing hyphen is a
# suspended compound ("Bildungs- und Teilhabe") rather than a line-break hyphen.
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
_CONJUNCTIONS = frozenset({"und", "oder", "bzw.", "sowie", "bis", "als", "wie", "noch", "u.", "o."})
_SENTENCE_END = re.compile(r"[.!?:;]['\"”“»«)]*$")
# Abbreviations that end in a period without ending the sentence (frequent in legal German).
_ABBREVIATIONS = frozenset(
    "vgl. z.b. b. bzw. abs. nr. s. ff. f. u.a. i.v.m. ivm. art. ca. rz. gem. lt. ggf. inkl. "
    "evtl. d.h. buchst. bzgl. einschl. sog. u. o. v. z. i. d. a. tz. anm. ziff.".split()
)


def clean_inline(text: str) -> str:
    """One line or paragraph as a single line: invisible characters gone, spaces collapsed.

    Soft hyphens are removed (they only mark *possible* breaks) and control characters, which
    some PDF fonts emit for ligatures or bullets, become spaces so words do not fuse.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _CONTROL.sub(" ", text).replace("\r", " ").replace("\n", " ")
    return _SPACES.sub(" ", text).strip()


def join_lines(left: str, right: str) -> str:
    """Append `right` (the next line) to `left`, repairing a word split by a line break.

    "Unterkunfts-" + "kosten" becomes "Unterkunftskosten", but "Bildungs-" + "und Teilhabe"
    keeps its hyphen and space, and "SGB-" + "II-Leistungen" keeps its hyphen without a space:
    only a hyphen after a letter followed by a lower-case word is a typographic break.
    """
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and left[-2:-1].strip():
        first_word = right.split(" ", 1)[0]
        if first_word in _CONJUNCTIONS or first_word.startswith(","):
            return f"{left} {right}"
        if _BROKEN_WORD.search(left) and right[0].islower():
            return left[:-1] + right
        return left + right
    return f"{left} {right}"


def join_all(lines: list[str]) -> str:
    """Join the lines of one paragraph with `join_lines`."""
    text = ""
    for line in lines:
        text = join_lines(text, line)
    return text


def ends_sentence(text: str) -> bool:
    """True when a line ends like a sentence or clause (., !, ?, :, ;), quotes allowed.

    A trailing abbreviation ("vgl.", "Abs.", "z. B.") does not end a sentence.
    """
    text = text.rstrip()
    if not _SENTENCE_END.search(text):
        return False
    last = text.rsplit(" ", 1)[-1].lower()
    return last not in _ABBREVIATIONS


def is_blank(text: str) -> bool:
    """True for empty or whitespace-only text (including non-breaking spaces)."""
    return not clean_inline(text)
