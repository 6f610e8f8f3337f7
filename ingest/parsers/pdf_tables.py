"""Ruled tables on PDF pages (pdfplumber), as row text with the header named in every row.

pypdf reads a table cell by cell, top to bottom: "Tatbestand", "Minderung des", "Dau", "er", …
A snippet of that says nothing, and a search for "Meldeversäumnis Dauer" cannot find the row.
So tables drawn with ruling lines (as Weisungen, Rundschreiben and forms draw them) are found
with pdfplumber, each row becomes "Tatbestand: erste Pflichtverletzung | Dauer: 1 Monat | …"
(`ingest.parsers.tables`, as for DOCX/ODT/XLSX), and the page's lines inside the table are
replaced by those rows at the table's place, so the table is not read twice. Unruled layouts
are left to the line reader: guessing columns from whitespace turns prose into fake tables.

Finding tables costs a second reading of the page (pdfminer, about five times pypdf's time), so
only pages that draw at least `MIN_PATHS` paths are read (PDFium counts them quickly; a law
has rules on a handful of its pages). It is bounded: pages are read only while the document's
budget (`Limits.pdf_table_seconds`) lasts, and a page with more paths or ruling edges than
`Limits.pdf_table_max_edges` (a drawing, a chart) is not searched. A page not
searched, or any failure of pdfplumber, leaves that page as plain text: the document never
fails for its tables.
"""

from __future__ import annotations

import io
import logging
import re
import time
from dataclasses import dataclass, replace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest import limits
from ingest.models import Block
from ingest.parsers.cell_words import cell_text
from ingest.parsers.pdf_ocr import PDFIUM_LOCK
from ingest.parsers.tables import is_header, table_blocks
from ingest.parsers.typography import Line

log = logging.getLogger(__name__)
_MARK_BASE = 0xF0000  # a private-use character per table stands in its place among the lines
_MARKS = re.compile("([\U000F0000-\U000FFFFD])")
MIN_PATHS = 4  # drawn paths a page needs before it is searched (a table has at least four rules)
_SLACK = 1.5  # points a line's origin may lie outside the table's box (baseline, padding)


@dataclass(frozen=True)
class PageTable:
    """One table: its box in PDF user space (x0, y0, x1, y1; y from the bottom) and its rows."""

    page: int
    box: tuple[float, float, float, float]
    rows: list[list[str]]

    def covers(self, line: Line) -> bool:
        if line.pos is None:
            return False
        x, y = line.pos
        x0, y0, x1, y1 = self.box
        return x0 - _SLACK <= x <= x1 + _SLACK and y0 - _SLACK <= y <= y1 + _SLACK


def find_tables(data: bytes, name: str) -> list[PageTable]:
    """The ruled tables of the PDF, page by page, within the document's budget."""
    bounds = limits.current()
    if bounds.pdf_table_seconds <= 0:  # switched off: not even the pages are counted
        return []
    deadline = time.monotonic() + bounds.pdf_table_seconds
    found: list[PageTable] = []
    try:
        candidates = _ruled_pages(data, bounds.pdf_table_max_edges)
        if not candidates:
            return []
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data), pages=candidates) as pdf:
            for page in pdf.pages:
                if time.monotonic() >= deadline:
                    log.info("%s: Tabellensuche vor Seite %d abgebrochen (KB_PDF_TABLE_SECONDS)",
                             name, page.page_number)
                    break
                found.extend(_page_tables(page, bounds.pdf_table_max_edges))
                page.close()  # frees the page's parsed objects
    except Exception as exc:  # pdfminer fails on files pypdf reads: keep the plain text
        log.warning("%s: Tabellen nicht lesbar, Text ohne Tabellen: %s", name, exc)
    return _carry_headers(found)


def _carry_headers(tables: list[PageTable]) -> list[PageTable]:
    """A table that runs on over a page break without repeating its header gets the header of
    its first part: the last table of one page continues as the first of the next when both
    have the same columns and the same left and right edges, and the second's first row shares
    no cell with the header (else it is a header itself, repeated or of a new table)."""
    out: list[PageTable] = []
    for table in tables:
        before = out[-1] if out else None
        if before and _continues(before, table):
            table = replace(table, rows=[before.rows[0], *table.rows])
        out.append(table)
    return out


def _continues(before: PageTable, table: PageTable) -> bool:
    header, first = before.rows[0], table.rows[0]
    same_edges = abs(before.box[0] - table.box[0]) <= 2 and abs(before.box[2] - table.box[2]) <= 2
    return (table.page == before.page + 1 and same_edges and len(header) == len(first)
            and not any(a and a == b for a, b in zip(header, first, strict=True)) and is_header(header))


def _ruled_pages(data: bytes, max_edges: int) -> list[int]:
    """Page numbers with enough drawn paths to hold a table, and not too many (PDFium counts
    them in a fraction of the time pdfminer needs to read a page; most pages have none)."""
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            counts = [sum(1 for _ in pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4))
                      for i in range(len(pdf))]
        finally:
            pdf.close()
    return [n for n, count in enumerate(counts, start=1) if MIN_PATHS <= count <= max_edges]


def _page_tables(page: Any, max_edges: int) -> list[PageTable]:
    """Tables of one page with at least two rows and two columns (a frame around a paragraph
    is no table); none on rotated or shifted pages, whose coordinates pypdf reports otherwise."""
    if page.rotation or any(page.mediabox[:2]) or len(page.edges) > max_edges:
        return []
    tables = []
    for table in page.find_tables():
        rows = [[cell_text(cell) for cell in row] for row in table.extract()]
        if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
            x0, top, x1, bottom = table.bbox
            box = (x0, page.height - bottom, x1, page.height - top)
            tables.append(PageTable(page.page_number, box, rows))
    return tables


def place_tables(pages: list[list[Line]], tables: list[PageTable]) -> list[list[Line]]:
    """`pages` with each table's lines replaced by one marker line (between blank lines) where
    the table began; a table none of whose lines are found is dropped, its text stays."""
    out = [list(lines) for lines in pages]
    for index, table in enumerate(tables):
        lines = out[table.page - 1]
        inside = [i for i, line in enumerate(lines) if not line.blank and table.covers(line)]
        if inside:
            mark, covered = Line(chr(_MARK_BASE + index), table.page), set(inside)
            kept = [line for i, line in enumerate(lines) if i not in covered]
            at = inside[0]
            out[table.page - 1] = [*kept[:at], Line(""), mark, Line(""), *kept[at:]]
    return out


def expand_tables(blocks: list[Block], tables: list[PageTable]) -> list[Block]:
    """The blocks with every marker replaced by its table's rows (`ingest.parsers.tables`)."""
    out: list[Block] = []
    for block in blocks:
        if not _MARKS.search(block.text):
            out.append(block)
            continue
        for part in _MARKS.split(block.text):
            if _MARKS.fullmatch(part):
                table = tables[ord(part) - _MARK_BASE]
                out.extend(table_blocks(table.rows, table.page))
            elif part.strip():
                out.append(Block(part.strip(), block.page, block.level, block.table))
    return out
