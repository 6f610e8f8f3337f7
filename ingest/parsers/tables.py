"""Tables as text a person can read in a snippet, and that a search finds by row.

A table row alone ("Kusel | 2026 | 1.234.000") does not say what its numbers are; the header does.
So every data row is written with its column names: "Kreis: Kusel | Jahr: 2026 |
Eingliederungsmittel: 1.234.000 €". Each row is one block, so whichever chunk a row lands in
carries its header with it, and "Eingliederungsmittel Kusel 2026" finds that very row. Shared by
the DOCX, ODF and spreadsheet parsers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time

from ingest.chunking import TABLE_SEPARATOR
from ingest.models import Block
from ingest.parsers.textclean import clean_inline

SEPARATOR = TABLE_SEPARATOR
MAX_HEADER_CELL = 80  # longer first-row cells are text, not column names
_NUMBERISH = re.compile(r"^[\d.,%€ +\-–]+$")


def table_blocks(rows: Sequence[Sequence[str]], page: int | None = None) -> list[Block]:
    """Blocks for one table: data rows keyed by the header row when the first row is one,
    otherwise each row as "cell | cell". Empty rows and cells are left out."""
    cleaned = [[clean_inline(c) for c in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return []
    if len(cleaned) >= 2 and is_header(cleaned[0]):
        header, body = cleaned[0], cleaned[1:]
        return [Block(text, page, table=True) for row in body if (text := keyed_row(header, row))]
    return [Block(SEPARATOR.join(c for c in row if c), page, table=True) for row in cleaned]


def is_header(row: Sequence[str]) -> bool:
    """Column names: at least two short cells, not all of them numbers."""
    cells = [c for c in row if c]
    return (len(cells) >= 2 and all(len(c) <= MAX_HEADER_CELL for c in cells)
            and not all(_NUMBERISH.match(c) for c in cells))


def keyed_row(header: Sequence[str], row: Sequence[str]) -> str:
    """"Name: value | Name: value"; a value under an empty column name stands alone, cells beyond
    the header too."""
    parts = []
    for index, value in enumerate(row):
        if not value:
            continue
        name = header[index] if index < len(header) else ""
        parts.append(f"{name}: {value}" if name and name != value else value)
    return SEPARATOR.join(parts)


def split_on_blank_rows(rows: Sequence[Sequence[str]]) -> list[list[Sequence[str]]]:
    """A sheet often holds several tables (or a title line above one) separated by empty rows."""
    groups: list[list[Sequence[str]]] = [[]]
    for row in rows:
        if any(c.strip() for c in row):
            groups[-1].append(row)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def cell_text(value: object, number_format: str = "General") -> str:
    """A spreadsheet value as a German reader writes it: 1.234.000 €, 12,5 %, 01.03.2026."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == time() else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, (int, float)):
        return _number(value, number_format or "")
    return str(value)


def _number(value: float, number_format: str) -> str:
    if "%" in number_format:
        value *= 100
    decimals = _decimals(number_format)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else min(6, len(repr(float(value)).split(".")[1]))
    grouping = "," if "#," in number_format else ""  # Excel's "#,##0": thousands separators
    text = f"{value:{grouping}.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    if "%" in number_format:
        text += " %"
    elif "€" in number_format or "EUR" in number_format:
        text += " €"
    return text


def _decimals(number_format: str) -> int | None:
    """Decimal places a number format asks for ('#,##0.00 €' → 2); None for 'General'."""
    match = re.search(r"0\.(0+)", number_format)
    if match:
        return len(match.group(1))
    return 0 if "0" in number_format else None
