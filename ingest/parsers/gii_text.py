"""Flattening the GII text markup (`<P>`, `<DL>` lists, CALS tables) into paragraph strings.

A GII `<P>` is one Absatz, but it can hold a numbered list (`<DL><DT>1.</DT><DD>…`) and text
after the list. Each list item becomes its own paragraph ("1. die Eignung …") so that chunks
can split between items and a search hit shows the item with its number.
"""

from __future__ import annotations

from lxml import etree

from ingest.parsers.tables import keyed_row
from ingest.parsers.textclean import clean_inline

# Elements that start their own paragraph(s); everything else is inline text.
_CONTAINERS = {"P", "Content", "Footnotes", "Footnote", "LA", "DD", "Title", "Subtitle", "pre",
               "text", "TOC", "kommentar"}  # fmt: skip
_BLOCK_TAGS = _CONTAINERS | {"DL", "table", "tgroup", "tbody", "thead", "row"}
_SKIP = {"FnR", "img", "IMG", "colspec", "Ident"}


def text_of(element: etree._Element | None) -> str:
    """All text of an element (inline markup flattened, <BR/> as space), cleaned."""
    if element is None:
        return ""
    return clean_inline("".join(_inline_parts(element)))


def element_blocks(element: etree._Element | None) -> list[str]:
    """The paragraphs inside a GII text element, in document order, empty ones dropped."""
    if element is None:
        return []
    out: list[str] = []
    _walk(element, out)
    return [t for t in (clean_inline(x) for x in out) if t]


def _walk(element: etree._Element, out: list[str]) -> None:
    """Collect inline text of `element` into paragraphs; recurse into block children."""
    buf: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCK_TAGS or (tag and _has_blocks(child)):
            out.append("".join(buf))
            buf = []
            _block(child, tag, out)
        elif tag and tag not in _SKIP:
            buf.extend(_inline_parts(child))
        buf.append(child.tail or "")
    out.append("".join(buf))


def _block(child: etree._Element, tag: str, out: list[str]) -> None:
    """Lists and tables have their own shape; other containers are walked like the parent."""
    if tag == "DL":
        out.extend(_list_items(child))
    elif tag in {"table", "tgroup", "tbody", "thead", "row"}:
        out.extend(_table_rows(child))
    else:
        _walk(child, out)


def _list_items(dl: etree._Element) -> list[str]:
    """"<DT>1.</DT><DD>text</DD>" pairs as "1. text"; nested lists follow as own items."""
    items: list[str] = []
    marker = ""
    for child in dl:
        if child.tag == "DT":
            marker = text_of(child)
        elif child.tag == "DD":
            parts: list[str] = []
            _walk(child, parts)
            parts = [p for p in (clean_inline(x) for x in parts) if p]
            if parts:
                parts[0] = f"{marker} {parts[0]}".strip()
            elif marker:
                parts = [marker]
            items.extend(parts)
            marker = ""
    return items


def _table_rows(table: etree._Element) -> list[str]:
    """Each CALS/HTML table row as one paragraph: with a `<thead>`, every body cell under its
    column name ("Jobcenter: Kusel | Eingliederungsmittel in Prozent: 0,0596",
    `ingest.parsers.tables`), else the cells joined with " | "."""
    if table.tag in {"row", "tr"}:
        return [" | ".join(c for c in _cells(table) if c)] if any(_cells(table)) else []
    rows = list(table.iter("row", "tr"))
    in_head = [row.getparent() is not None and row.getparent().tag == "thead" for row in rows]
    header = next((_cells(r) for r, head in zip(reversed(rows), reversed(in_head), strict=True) if head), [])
    out = []
    for row, head in zip(rows, in_head, strict=True):
        if head:
            continue
        cells = _cells(row)
        text = keyed_row(header, cells) if sum(1 for c in header if c) >= 2 else " | ".join(c for c in cells if c)
        if text:
            out.append(text)
    return out


def _cells(row: etree._Element) -> list[str]:
    return [text_of(cell) for cell in row if cell.tag in {"entry", "td", "th"}]


def _has_blocks(element: etree._Element) -> bool:
    return any(isinstance(e.tag, str) and e.tag in _BLOCK_TAGS for e in element.iterdescendants())


def _inline_parts(element: etree._Element) -> list[str]:
    """Text pieces of an inline element; <BR/> becomes a space, footnote marks vanish."""
    parts: list[str] = []
    if element.tag in _SKIP or not isinstance(element.tag, str):
        return parts
    parts.append(element.text or "")
    for child in element:
        if child.tag == "BR":
            parts.append(" ")
        elif isinstance(child.tag, str):
            parts.extend(_inline_parts(child))
        parts.append(child.tail or "")
    return parts
