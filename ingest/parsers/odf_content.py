"""Walking an OpenDocument `content.xml` into blocks: text (ODT), sheets (ODS), slides (ODP).

Reads the XML with lxml without entities, DTDs or network, and walks it without recursion, so
neither an entity bomb nor absurd nesting can take the process down. Paragraph text is joined as
it renders: `<text:s/>` and tabs are spaces, spans and links are just text.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from ingest.models import Block
from ingest.parsers.tables import split_on_blank_rows, table_blocks
from ingest.parsers.textclean import clean_inline

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
}
MAX_REPEAT = 200  # repeated rows/columns taken at most (sheets declare 1 048 576 empty rows)
MAX_ROWS = 20_000


def q(prefix: str, local: str) -> str:
    return f"{{{NS[prefix]}}}{local}"


_SPACE_TAGS = {q("text", "s"), q("text", "tab"), q("text", "line-break")}
_SKIP_INLINE = {q("office", "annotation"), q("text", "note-citation")}
_DESCEND = {q("text", "section"), q("text", "list"), q("text", "list-item"), q("text", "list-header"),
            q("draw", "frame"), q("draw", "text-box"), q("text", "index-body"), q("draw", "g"),
            q("draw", "custom-shape"), q("presentation", "notes")}
_ROW_GROUPS = {q("table", "table-header-rows"), q("table", "table-rows"), q("table", "table-row-group")}
_CELLS = {q("table", "table-cell"), q("table", "covered-table-cell")}
SOFT_PAGE_BREAK = q("text", "soft-page-break")


def parse_xml(data: bytes) -> etree._Element:
    """Parse without resolving entities, loading DTDs or touching the network."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def inline_text(element: etree._Element) -> str:
    """The rendered text of a paragraph or heading, annotations left out."""
    parts: list[str] = []
    skipping = 0
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if node.tag in _SKIP_INLINE:
            skipping += 1 if event == "start" else -1
            if event == "end" and node is not element and skipping == 0:
                parts.append(node.tail or "")
            continue
        if skipping:
            continue
        if event == "start":
            parts.append(" " * int(node.get(q("text", "c"), "1")[:3] or 1) if node.tag in _SPACE_TAGS else "")
            parts.append(node.text or "")
        elif node is not element:
            parts.append(node.tail or "")
    return clean_inline("".join(parts))


def text_blocks(root: etree._Element, paged: bool) -> list[Block]:
    """Headings, paragraphs, list items and tables of a text body in reading order. With
    `paged`, LibreOffice's soft page breaks count pages (as in the PDF export); else no pages."""
    blocks: list[Block] = []
    page = 1
    stack = list(reversed(root))
    while stack:
        node = stack.pop()
        current = page if paged else None
        if node.tag == SOFT_PAGE_BREAK:
            page += 1
        elif node.tag in (q("text", "h"), q("text", "p")):
            level = int(node.get(q("text", "outline-level"), "1") or 1) if node.tag == q("text", "h") else 0
            if text := inline_text(node):
                blocks.append(Block(text, current, max(1, min(level, 9)) if level else 0))
            page += sum(1 for _ in node.iter(SOFT_PAGE_BREAK))
        elif node.tag == q("table", "table"):
            blocks.extend(table_blocks(table_rows(node), current))
        elif node.tag in _DESCEND:
            stack.extend(reversed(node))
    return blocks


def table_rows(table: etree._Element) -> list[list[str]]:
    """A table's rows as cell texts, repeated rows and columns expanded within bounds."""
    rows: list[list[str]] = []
    for row in _rows(table):
        cells = _row_cells(row)
        repeat = int(row.get(q("table", "number-rows-repeated"), "1") or 1)
        rows.extend([cells] * (min(repeat, MAX_REPEAT) if any(cells) else 1))
        if len(rows) >= MAX_ROWS:
            break
    return rows


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == q("table", "table-row"):
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from (r for r in child.iter(q("table", "table-row")))


def _row_cells(row: etree._Element) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        text = " ".join(t for p in cell.iter(q("text", "p"), q("text", "h")) if (t := inline_text(p)))
        text = text or cell.get(q("office", "value"), "")
        repeat = int(cell.get(q("table", "number-columns-repeated"), "1") or 1)
        cells.extend([text] * min(repeat, MAX_REPEAT))
    while cells and not cells[-1]:
        cells.pop()
    return cells


def sheet_blocks(spreadsheet: etree._Element) -> list[Block]:
    """One heading per sheet (its name), page = sheet number, then its tables."""
    blocks: list[Block] = []
    for number, sheet in enumerate(spreadsheet.iter(q("table", "table")), 1):
        blocks.append(Block(sheet.get(q("table", "name")) or f"Tabelle {number}", number, 1))
        for group in split_on_blank_rows(table_rows(sheet)):
            cells = [c for row in group for c in row if c]
            if len(group) == 1 and len(cells) == 1:
                blocks.append(Block(cells[0], number))
            else:
                blocks.extend(table_blocks(group, number))
    return blocks


def slide_blocks(presentation: etree._Element, notes_label: str) -> list[Block]:
    """One heading per slide (its title frame, else 'Folie n'), its frames, then its notes."""
    blocks: list[Block] = []
    for number, slide in enumerate(presentation.iter(q("draw", "page")), 1):
        body: list[Block] = []
        title = ""
        for frame in slide.iterchildren(q("draw", "frame"), q("draw", "g"), q("draw", "custom-shape")):
            if frame.get(q("presentation", "class")) == "title" and not title:
                title = " ".join(b.text for b in text_blocks(frame, False))
            else:
                body.extend(Block(b.text, number) for b in text_blocks(frame, False))
        blocks.append(Block(title or f"Folie {number}", number, 1))
        blocks.extend(body)
        for notes in slide.iter(q("presentation", "notes")):
            text = " ".join(b.text for b in text_blocks(notes, False))
            if text:
                blocks.append(Block(f"{notes_label}: {text}", number))
    return blocks
