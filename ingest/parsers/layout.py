"""Rebuilding paragraphs and headings from visual lines (PDF pages, plain text files).

PDF text comes out as lines: paragraphs wrapped at the page width, headings that look like any
other line, a table of contents whose entries look exactly like the section headings (found by
`ingest.parsers.toc`). This module turns such lines back into the blocks the chunker needs. Typography (bold, font size)
is used when the PDF has it; without it, wording and line shape decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.models import Block
from ingest.parsers import headings
from ingest.parsers.headings import Heading, match_heading
from ingest.parsers.textclean import ends_sentence, join_all
from ingest.parsers.toc import find_toc, toc_blocks
from ingest.parsers.typography import Line, Typography

__all__ = ["Line", "lines_to_blocks"]

_BULLET = re.compile(r"^[•▪◦●○■□➢►✓·\uf0a7\uf0b7\uf076\uf0d8\uf0fc]\s*")
_ANY_BULLET = re.compile(r"^(?:[•▪◦●○■□➢►✓·\uf0a7\uf0b7\uf076\uf0d8\uf0fc]\s*|[-–*]\s+)")
_ENUM = re.compile(
    r"^(?:[-–*]|\d{1,2}[.)]|[a-z]{1,2}\)|[ivx]{1,4}\)|\(\d{1,3}[a-z]?\)|\([a-z]\))\s"
)
_SPACED_ENUM = re.compile(r"^\s*(?:\d{1,2}\.|[a-z]{1,2}\)|\(\d{1,3}[a-z]?\))\s{2,}")
_OPEN_END = re.compile(
    r"(?:[-,–]|\b(?:der|die|das|des|dem|den|und|oder|zur|zum|für|von|vom|bei|mit|nach|aus|auf|"
    r"im|in|an|am|über|sowie|gegen|durch|ohne|um|bis|eines|einer|einem|eine|ein|zu))$"
)


@dataclass
class _Context:
    lines: list[Line]
    typo: Typography
    widths: dict[int | None, float]

    def width(self, line: Line) -> float:
        return self.widths.get(line.page, self.widths[None])


def lines_to_blocks(lines: list[Line]) -> list[Block]:
    """Blocks in reading order: headings (level ≥ 1), the table of contents, paragraphs."""
    lines = _repair_drop_caps(lines)
    ctx = _Context(lines, Typography.of(lines), _typical_widths(lines))
    toc = find_toc(lines, lambda j: heading_at(ctx, j)[0])
    if toc is None:
        return _blocks(ctx, 0, len(lines))
    start, end = toc
    return _blocks(ctx, 0, start) + toc_blocks(lines[start:end]) + _blocks(ctx, end, len(lines))


def _blocks(ctx: _Context, start: int, end: int) -> list[Block]:
    """Headings and paragraphs of the lines `start` … `end - 1`."""
    blocks: list[Block] = []
    para: list[Line] = []
    i = start
    while i < end:
        line = ctx.lines[i]
        in_body = bool(para) and para[-1] is ctx.lines[i - 1]
        heading, used = (None, 0) if line.blank else heading_at(ctx, i, in_body)
        if line.blank or heading or (para and _breaks(ctx, para[-1], line)):
            _flush(para, blocks)
        if heading:
            blocks.append(Block(heading.text, line.page, heading.level))
        elif not line.blank:
            para.append(line)
        i += used or 1
    _flush(para, blocks)
    return blocks


def heading_at(ctx: _Context, i: int, in_body: bool = False) -> tuple[Heading | None, int]:
    """The heading starting at line `i` (merged with its wrapped continuation lines) and the
    number of lines it uses, or (None, 0). `in_body`: line `i - 1` belongs to a paragraph."""
    line = ctx.lines[i]
    found = _heading_start(ctx, i, in_body)
    if found is None:
        return None, 0
    texts, j = [line.text], i + 1
    while j < len(ctx.lines) and j - i < 5 and _continues(ctx, found, texts, j):
        texts.append(ctx.lines[j].text)
        j += 1
    if j == i + 1:
        return found, 1
    merged = join_all(texts)
    if found.kind in {"numbered", "prominent"} and _reads_like_prose(merged):
        return None, 0  # a bold numbered sentence (e.g. a Leitsatz), not a heading
    again = match_heading(merged, True)
    text = again.text if again and again.key == found.key else merged
    return Heading(text, found.level, found.key, kind=found.kind), j - i


def _heading_start(ctx: _Context, i: int, in_body: bool) -> Heading | None:
    """Is line `i` the first line of a heading? Bold text continuing a bold phrase is not."""
    line = ctx.lines[i]
    emphasis = ctx.typo.emphasis(line)
    if emphasis is False:
        return None
    if (emphasis and in_body and _same_style(ctx.lines[i - 1], line)
            and not ends_sentence(ctx.lines[i - 1].text)):
        return None
    found = match_heading(line.text, emphasis)
    if found is None and emphasis and ctx.typo.prominent(line) and _headline_shape(line.text, True):
        found = Heading(line.text, 1, line.text.lower(), kind="prominent")
    if found is None or (emphasis is None and not _plain_context_ok(ctx, i, found)):
        return None
    return found


def _reads_like_prose(text: str) -> bool:
    """Ends like a sentence, contains a sentence boundary, or is simply too long."""
    boundary = re.search(r"[a-zäöüß]{2}[.!?] [A-ZÄÖÜ]", text)
    return text.endswith(".") or boundary is not None or len(text.split()) > 25


def _same_style(a: Line, b: Line) -> bool:
    return a.bold == b.bold and abs(a.size - b.size) < 0.6


def _continues(ctx: _Context, found: Heading, texts: list[str], j: int) -> bool:
    """Is line `j` the wrapped rest of the heading made of `texts` (ending at line `j - 1`)?

    A bare label ("Zweites Kapitel") takes the next title-like line, even across a page break.
    Otherwise the next line must look the same (bold, size) and read as a continuation: lower
    case start, an open end ("… und der"), or simply the same heading typography.
    """
    prev, nxt = ctx.lines[j - 1], ctx.lines[j]
    label = not found.complete and len(texts) == 1
    if nxt.blank or (nxt.page != prev.page and not label) or len(" ".join(texts)) > 200:
        return False
    if ctx.typo.known and not _same_style(prev, nxt):
        return False
    if match_heading(nxt.text, True) is not None or headings.is_toc_entry(nxt.text):
        return False
    if label:
        return _headline_shape(nxt.text) and not _ENUM.match(nxt.text)
    last = texts[-1]
    if nxt.text[:1].islower() or _OPEN_END.search(last):
        return True
    closed = last.endswith(("(weggefallen)", ".", ":")) or nxt.text.endswith(":")
    return ctx.typo.known and not closed and _headline_shape(nxt.text)


def _plain_context_ok(ctx: _Context, i: int, found: Heading) -> bool:
    """Without typography a heading must start a unit and must not be part of a list
    ("1. Antrag" directly followed or preceded by "2. Bescheid")."""
    prev = ctx.lines[i - 1] if i else None
    nxt = ctx.lines[i + 1] if i + 1 < len(ctx.lines) else None
    if found.kind == "numbered" and (_sibling(found, prev) or _sibling(found, nxt)):
        return False
    return (
        prev is None
        or prev.blank
        or prev.page != ctx.lines[i].page
        or ends_sentence(prev.text)
        or match_heading(prev.text) is not None
    )


def _sibling(found: Heading, line: Line | None) -> bool:
    """Is `line` a numbered item at the same depth as the numbered heading `found`?"""
    if line is None or line.blank:
        return False
    other = match_heading(line.text, True)
    return other is not None and other.kind == "numbered" and other.level == found.level


def _breaks(ctx: _Context, prev: Line, cur: Line) -> bool:
    """Does `cur` start a new paragraph although no blank line separates it from `prev`?"""
    if cur.blank:
        return False
    if ctx.typo.known and not _same_style(prev, cur):
        return True
    if _BULLET.match(cur.text):
        return True
    width = ctx.width(prev)
    emphasised_run = ctx.typo.known and prev.bold and cur.bold
    if len(prev.text) < 0.6 * width and not prev.text.endswith("-") and not emphasised_run:
        return True  # only the last line of a paragraph stops that early
    if _ENUM.match(cur.text):
        return (
            len(prev.text) < 0.75 * width
            or prev.text.rstrip()[-1:] in ".:;,!?"
            or bool(_SPACED_ENUM.match(cur.raw))
        )
    return len(prev.text) < 0.75 * width and ends_sentence(prev.text)


def _flush(para: list[Line], blocks: list[Block]) -> None:
    if para:
        text = _ANY_BULLET.sub("", join_all([ln.text for ln in para]))
        if text:
            blocks.append(Block(text, para[0].page, 0))
        para.clear()


def _repair_drop_caps(lines: list[Line]) -> list[Line]:
    """Glue "(" + "2) Bei …" and "B" + "ei Teilmonaten …" (initials set apart in Weisungen)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev and prev.page == line.page and _is_drop_cap(prev.text, line.text):
            out[-1] = Line(prev.text + line.text, line.page, line.bold, line.size, line.raw)
        else:
            out.append(line)
    return out


def _is_drop_cap(lone: str, nxt: str) -> bool:
    if not nxt:
        return False
    if lone == "(":
        return bool(re.match(r"\d{1,3}[a-z]?\)", nxt))
    return len(lone) == 1 and lone.isupper() and nxt[:1].islower()


def _headline_shape(text: str, wraps: bool = False) -> bool:
    """Short, with letters, not ending like a sentence (a wrapping first line may end in ",")."""
    endings = ".;" if wraps else ".,;"
    return 0 < len(text) <= 200 and text[-1:] not in endings and any(c.isalpha() for c in text)


def _typical_widths(lines: list[Line]) -> dict[int | None, float]:
    """About the length of a full line (90th percentile) per page and overall (key None), to
    tell a paragraph's short last line from a wrapped one; pages differ (one or two columns)."""
    overall: list[int] = []
    by_page: dict[int | None, list[int]] = {}
    for line in lines:
        if len(line.text) >= 20:
            overall.append(len(line.text))
            if line.page is not None:
                by_page.setdefault(line.page, []).append(len(line.text))
    widths = {page: _p90(values) for page, values in by_page.items() if len(values) >= 8}
    widths[None] = _p90(overall) or 80.0
    return widths


def _p90(values: list[int]) -> float:
    return float(sorted(values)[int(len(values) * 0.9)]) if values else 0.0
