"""The answer sentences of a hit, marked in its snippet and on the document page.

`SearchHit.highlights` are character offsets into `hit.text` of the sentences that best answer
the query. They travel to the document page in the link (`hl=12-140,150-210`), so the page can
mark the same sentences without searching again. Everything is escaped before marking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from webui import snippets

Span = tuple[int, int]
MAX_SPANS = 4
_RANGE = re.compile(r"^(\d{1,7})-(\d{1,7})$")
_SPACE = re.compile(r"\s+")


def spans_of(highlights: Iterable, text: str) -> list[Span]:
    """Valid, sorted, merged (start, end) pairs from Highlight objects or tuples, without the
    white space at their edges."""
    pairs = sorted(h if isinstance(h, tuple) else (h.start, h.end) for h in highlights)
    merged: list[Span] = []
    for start, end in pairs:
        start, end = max(0, int(start)), min(len(text), int(end))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged[:MAX_SPANS]


def format_ranges(highlights: Iterable) -> str:
    """For the link to the document page: "12-140,150-210"."""
    return ",".join(f"{h.start}-{h.end}" for h in highlights)


def parse_ranges(value: str | None) -> list[Span]:
    """The link's `hl` parameter; anything malformed is ignored (it only decorates the page)."""
    out = []
    for part in (value or "").split(",")[:MAX_SPANS]:
        match = _RANGE.match(part.strip())
        if match:
            out.append((int(match[1]), int(match[2])))
    return out


def _flat(piece: str) -> str:
    return _SPACE.sub(" ", piece)


def _window(text: str, spans: Sequence[Span], size: int) -> Span:
    """The marked sentences plus context up to `size` characters, cut at spaces."""
    lo, hi = spans[0][0], spans[-1][1]
    pad = max(0, size - (hi - lo)) // 2
    start, end = max(0, lo - pad), min(len(text), hi + pad)
    if start > 0:
        start = text.find(" ", start, lo) + 1 or lo
    if end < len(text):
        cut = text.rfind(" ", hi, end)
        end = cut if cut > 0 else hi
    return start, end


def _marked(text: str, spans: Sequence[Span], start: int, end: int) -> Markup:
    out, pos = [], start
    for s, e in spans:
        out.append(escape(_flat(text[pos:s])))
        out.append(Markup('<mark class="answer">') + escape(_flat(text[s:e])) + Markup("</mark>"))
        pos = e
    out.append(escape(_flat(text[pos:end])))
    return Markup("").join(out)


def answer_snippet(text: str, highlights: Iterable, query: str, size: int = 360) -> Markup:
    """The answer sentences in context; without highlights, the query's words marked instead."""
    spans = spans_of(highlights, text)
    if not spans:
        return snippets.snippet(text, query, size)
    start, end = _window(text, spans, size)
    body = _marked(text, spans, start, end).strip()
    return (Markup("… ") if start > 0 else Markup("")) + body + (Markup(" …") if end < len(text) else Markup(""))


def paragraphs(text: str, spans: Sequence[Span], query: str = "") -> Markup:
    """A chunk's text as <p> paragraphs, with answer spans marked (or else the query's words)."""
    spans = spans_of(spans, text)
    if not spans:
        stems = snippets.query_stems(query) if query else []
        return Markup("").join(Markup("<p>") + snippets.mark_terms(line, stems) + Markup("</p>")
                               for line in text.split("\n") if line.strip())
    out, pos = [], 0
    for s, e in [*spans, (len(text), len(text))]:
        out.append(_lines(text[pos:s], marked=False))
        if e > s:
            out.append(_lines(text[s:e], marked=True))
        pos = e
    return Markup("<p>") + Markup("").join(out) + Markup("</p>")


def _lines(piece: str, marked: bool) -> Markup:
    """Line breaks become paragraph breaks; a mark is closed and reopened around each break."""
    open_, close = (Markup('<mark class="answer">'), Markup("</mark>")) if marked else (Markup(""), Markup(""))
    parts = [open_ + escape(line) + close if line else Markup("") for line in piece.split("\n")]
    return Markup("</p><p>").join(parts)


def citation_snippet(text: str, norm: str, size: int = 200) -> Markup:
    """The words around the first mention of `norm` ("SGB II § 22") in a passage, marked: how a
    circular uses the norm, readable on the norm page without opening every document."""
    number = re.escape(norm.rsplit(" ", 1)[-1])
    match = (re.search(rf"(?:§§?|Art\.)\s*{number}(?![\w])", text)
             or re.search(rf"(?<![\w.]){number}(?![\w])", text))
    if match is None:
        return escape(_flat(text[:size]).strip() + (" …" if len(text) > size else ""))
    start, end = _window(text, [(match.start(), match.end())], size)
    body = _flat(text[start:match.start()]), _flat(match.group(0)), _flat(text[match.end():end])
    marked = escape(body[0]) + Markup("<mark>") + escape(body[1]) + Markup("</mark>") + escape(body[2])
    return (Markup("… ") if start else Markup("")) + marked.strip() + (Markup(" …") if end < len(text) else Markup(""))
