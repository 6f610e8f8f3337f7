"""Table rows stored as text ("Kreis: Kusel | Jahr: 2026 | …", `kb.domain.TABLE_SEPARATOR`) shown
as an HTML table on the document page.

The stored chunk stays plain text (it is what search, snippets and the embedder read); only the
page turns consecutive rows with column names back into `<table>` rows. Jinja escapes every
cell; a line that is no keyed row stays a paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.domain import TABLE_SEPARATOR

MAX_KEY = 80


@dataclass
class TablePart:
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def text_parts(text: str) -> list[str | TablePart]:
    """Paragraphs (str) and tables (`TablePart`) of a chunk's text, in order."""
    parts: list[str | TablePart] = []
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            continue
        cells = keyed_cells(line)
        if cells is None:
            parts.append(line)
            continue
        if not parts or not isinstance(parts[-1], TablePart):
            parts.append(TablePart())
        _add_row(parts[-1], cells)
    return parts


def keyed_cells(line: str) -> list[tuple[str, str]] | None:
    """[(column, value)] of a row with at least two named cells, else None."""
    if TABLE_SEPARATOR not in line:
        return None
    cells = []
    for part in line.split(TABLE_SEPARATOR):
        key, sep, value = part.partition(": ")
        if not sep or not key or len(key) > MAX_KEY:
            return None
        cells.append((key, value))
    return cells if len(cells) >= 2 else None


def _add_row(table: TablePart, cells: list[tuple[str, str]]) -> None:
    for key, _ in cells:
        if key not in table.header:
            table.header.append(key)
            for row in table.rows:
                row.append("")
    values = dict(cells)
    table.rows.append([values.get(key, "") for key in table.header])
