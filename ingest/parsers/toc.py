"""The table of contents of a PDF or text file: where it is, and how it becomes blocks.

Its entries look exactly like the section headings they announce, so the layout must know where
the contents end before it looks for headings; and an entry wrapped over two lines, or a page of
entries, is one block of the index, not a paragraph each.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.models import Block
from ingest.parsers import headings
from ingest.parsers.headings import Heading
from ingest.parsers.textclean import join_lines
from ingest.parsers.typography import Line


def find_toc(lines: list[Line], heading_at: Callable[[int], Heading | None]) -> tuple[int, int] | None:
    """Line span of a table of contents: from its title to the first real heading that an
    entry already announced (or to the first page without entries); None if there is none.

    `heading_at(j)` is the heading the layout reads at line `j`: only a heading found the way
    the body's headings are found ends the contents."""
    start = next((i for i, ln in enumerate(lines) if _starts_toc(lines, i)), None)
    if start is None:
        return None
    keys: set[str] = set()
    page = lines[start].page
    for j in range(start + 1, len(lines)):
        line = lines[j]
        if line.blank:
            continue
        if line.page != page:
            page = line.page
            if not _page_has_toc_entries(lines, j):
                return (start, j) if keys else None
        real = heading_at(j)
        if real is not None and real.key in keys:
            return start, j
        key = headings.toc_entry_key(line.text)
        if key:
            keys.add(key)
    return None


def _starts_toc(lines: list[Line], i: int) -> bool:
    """A line "Inhaltsverzeichnis" (or similar) followed by something that looks like an entry."""
    if not headings.is_toc_title(lines[i].text):
        return False
    following = next((ln.text for ln in lines[i + 1 : i + 6] if not ln.blank), "")
    return headings.is_toc_entry(following)


def _page_has_toc_entries(lines: list[Line], j: int) -> bool:
    page = lines[j].page
    texts = [ln.text for ln in lines[j : j + 12] if ln.page == page and not ln.blank][:6]
    return any(headings.is_toc_entry(t) for t in texts)


def toc_blocks(lines: list[Line]) -> list[Block]:
    """The table of contents as its heading plus one block per page ("entry; entry; …").

    An entry ends at its page number/dot leader; a line without its own unit number that
    follows an unfinished entry is that entry's wrapped rest.
    """
    blocks = [Block(lines[0].text, lines[0].page, 1)]
    entries: list[list] = []  # [page, text, finished]
    for line in lines[1:]:
        if line.blank:
            continue
        text, finished = headings.strip_leader(line.text), headings.has_leader(line.text)
        last = entries[-1] if entries else None
        if last and last[0] == line.page and not last[2] and not headings.toc_entry_key(text):
            last[1], last[2] = join_lines(last[1], text), finished
        elif text:
            entries.append([line.page, text, finished])
    for page in dict.fromkeys(e[0] for e in entries):
        blocks.append(Block("; ".join(e[1] for e in entries if e[0] == page), page, 0))
    return blocks
