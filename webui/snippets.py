"""Snippets with the query's words marked, built from escaped text so nothing user-supplied
reaches the page unescaped."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_WORD = re.compile(r"\w[\w-]*", re.UNICODE)
_STOP = {"der", "die", "das", "und", "oder", "wer", "wie", "was", "wann", "ist", "sind", "ein",
         "eine", "einer", "den", "dem", "des", "bei", "mit", "von", "für", "fur", "im", "in",
         "zu", "zum", "zur", "auf", "an", "am", "nach", "ohne", "wird", "werden", "the", "and"}


def query_stems(query: str) -> list[str]:
    """Lower-cased word beginnings: 'Heizkosten' also marks 'Heizkostennachzahlung'."""
    stems = []
    for word in _WORD.findall(query.lower()):
        if word in _STOP or len(word) < 2:
            continue
        stems.append(word[: max(4, len(word) - 2)] if len(word) > 5 else word)
    return sorted(set(stems), key=len, reverse=True)


def mark_terms(text: str, stems: list[str]) -> Markup:
    """Escape `text`, wrapping words that start with a query stem in <mark>."""
    if not stems:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.I)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup("<mark>") + escape(match.group(0)) + Markup("</mark>"))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def best_window(text: str, stems: list[str], size: int = 320) -> str:
    """The part of a passage with the most query words, cut at word boundaries."""
    flat = " ".join(text.split())
    if len(flat) <= size:
        return flat
    hits = [m.start() for s in stems for m in re.finditer(r"\b" + re.escape(s), flat, re.I)]
    start = 0
    if hits:
        start = max(((h, sum(1 for x in hits if h <= x < h + size)) for h in hits),
                    key=lambda t: t[1])[0]
        start = max(0, start - 60)
    start = flat.rfind(" ", 0, start) + 1 if start else 0
    end = flat.find(" ", start + size)
    end = len(flat) if end == -1 else end
    return ("… " if start else "") + flat[start:end] + (" …" if end < len(flat) else "")


def snippet(text: str, query: str, size: int = 320) -> Markup:
    stems = query_stems(query)
    return mark_terms(best_window(text, stems, size), stems)
