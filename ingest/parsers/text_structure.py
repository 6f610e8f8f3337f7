"""Structure a plain text states without markup: setext underlines and a title line.

Text files written by hand often underline headings ("Weisung …" over a row of `=====`, sections
over `-----`), the way Markdown's setext headings do. Read as text, the underline became part of
the paragraph and overflowed every card it was shown in. And the first line of a circular typed as
text is its title ("Weisung Fahrtkosten zu Meldeterminen – Testkreis 2/2026"), even when it is not
worded like a heading; the first *numbered* heading further down ("1. Grundsatz") is not.
"""

from __future__ import annotations

import re

from ingest.models import Block

UNDERLINE = re.compile(r"^\s*(=|-|_|\*|~)\1{2,}\s*$")
"""A row of one character: under a line (= or -) it marks a heading, alone it is a separator."""
LEVELS = {"=": 1, "-": 2}
MAX_TITLE_LINE = 150


def setext_segments(lines: list[str]) -> list[str | Block]:
    """The lines, each line underlined with = or - turned into a heading block; rows of one
    character become blank lines (a separator, never text)."""
    out: list[str | Block] = []
    for i, line in enumerate(lines):
        below = UNDERLINE.match(lines[i + 1]) if i + 1 < len(lines) else None
        if below and below.group(1) in LEVELS and line.strip() and not UNDERLINE.match(line):
            out.append(Block(line.strip(), None, LEVELS[below.group(1)]))
        else:
            out.append("" if UNDERLINE.match(line) else line)
    return out


def title_line(lines: list[str]) -> str | None:
    """The first line when it stands alone as a title: short, followed by a blank line (or the end),
    and not the salutation or lead-in of a letter."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return None
    first = filled[0]
    text = lines[first].strip()
    alone = first + 1 >= len(lines) or not lines[first + 1].strip() or bool(UNDERLINE.match(lines[first + 1]))
    if alone and len(text) <= MAX_TITLE_LINE and not text.endswith((",", ":", ";")):
        return text
    return None
