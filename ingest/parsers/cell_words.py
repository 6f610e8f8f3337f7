"""Words broken inside narrow PDF table cells, put back together.

A cell two centimetres wide wraps "1 Monat" into "1 M", "ona", "t" without hyphens; joined with
spaces that reads "1 M ona t" and no search for "Monat" finds the row. A line break inside a
cell is therefore closed without a space when the pieces on both sides make a known German word
that is more common than the pieces themselves ("an" + "den" stays "an den": both pieces are
more common words than "anden"). The vocabulary is wordfreq's German list (ingest may not use
the index's vocabulary).
"""

from __future__ import annotations

import functools
import re

from ingest.parsers.textclean import join_lines

MIN_ZIPF = 3.0  # a joined word rarer than this (about 1 in a million words) is no word
MAX_PIECES = 6  # a word is wrapped into at most this many cell lines
_HEAD = re.compile(r"([^\W\d_]+)$")
_TAIL = re.compile(r"^([^\W\d_]+)")


def cell_text(raw: str | None) -> str:
    """The text of one cell: its lines joined, words split by the narrow cell mended."""
    lines = [line.strip() for line in (raw or "").split("\n") if line.strip()]
    if not lines:
        return ""
    text, i = lines[0], 1
    while i < len(lines):
        used = _mend(text, lines[i:i + MAX_PIECES])
        if used:
            text, i = used[0], i + used[1]
        else:
            text, i = join_lines(text, lines[i]), i + 1
    return text


def _mend(text: str, following: list[str]) -> tuple[str, int] | None:
    """`text` continued by the longest run of following lines that closes a known word, and how
    many lines that took; None when no run does."""
    head = _HEAD.search(text)
    if not head or not following[0][:1].islower():
        return None
    for count in range(len(following), 0, -1):
        inner, last = following[:count - 1], following[count - 1]
        tail = _TAIL.match(last)
        if not tail or any(not piece.isalpha() for piece in inner):
            continue
        pieces = [head.group(1), *inner, tail.group(1)]
        if _known_join(pieces):
            return text + "".join(inner) + last, count
    return None


def _known_join(pieces: list[str]) -> bool:
    joined = "".join(pieces)
    score = _zipf(joined)
    return score >= MIN_ZIPF and score > min(_zipf(piece) for piece in pieces)


@functools.lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loads its word list on first use only

    return zipf_frequency(word.lower(), "de")
