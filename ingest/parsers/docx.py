"""Word documents (.docx, python-docx): Rundschreiben, Protokolle and Vermerke of the network.

Word files state their structure explicitly through paragraph styles, so headings come from
the style ("Heading 2", "Überschrift 2", "Titel") or the paragraph's outline level rather than
from guessing. Tables are common in Protokolle; each row becomes one block so a hit shows the
whole row ("Kusel | 12.03.2025 | Mietobergrenzen angepasst").
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ingest import limits
from ingest.errors import IngestError
from ingest.models import Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.dates import find_document_date
from ingest.parsers.docmeta import meaningful_title, title_from_blocks
from ingest.parsers.tables import table_blocks
from ingest.parsers.textclean import clean_inline

_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|berschrift)\s*(\d)", re.IGNORECASE)
_TITLE_STYLES = {"title", "titel"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY = "word/document.xml"


class DocxParser:
    """Parses Word 2007+ documents; see the module docstring."""

    format = "docx"
    extensions = (".docx", ".docm", ".dotx")

    def sniff(self, head: bytes) -> bool:
        """A zip whose first entries name `word/…` parts.

        The registry only hands over the first 4 KB, so the zip directory (at the end) cannot
        be read; the local headers of the first entries carry the part names instead, and
        Word and python-docx write a `word/` part within the first few (small) entries.
        """
        return head.startswith(b"PK\x03\x04") and b"word/" in head

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        document = _open(data, name)
        blocks = [b for b in _body_blocks(document) if b.text]
        if not blocks:
            raise messages.empty(name)
        core = _core(document)
        title = meaningful_title(core.get("title"), name) or title_from_blocks(blocks)
        head = "\n".join(b.text for b in blocks[:40] if not b.table)
        doc_date = find_document_date(head) or core.get("created_date")
        # "title" stays out: the pipeline reads it as user metadata, unfiltered junk included.
        props = {k: str(v) for k, v in core.items() if v and k not in {"created_date", "title"}}
        return ParsedDocument(blocks, self.format, title, doc_date, None, props)


def _open(data: bytes, name: str) -> Any:
    """A python-docx Document; damaged zips and missing parts are CorruptDocument. Before
    python-docx reads the archive whole, the text of `word/document.xml` is counted while it is
    decompressed and every other part is decompressed against `KB_MAX_UNPACKED_MB`, so a text
    or zip bomb is refused after reading just over a limit (`ingest.limits`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo(_BODY)  # KeyError: not a Word document
            unpacked = limits.UnpackBudget()
            _count_body_text(archive, unpacked)
            limits.check_archive(archive, unpacked, skip=frozenset({_BODY}))
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise messages.corrupt(name, "Word (DOCX)", exc) from exc
    except IngestError:
        raise
    except Exception as exc:  # python-docx/lxml raise various errors for broken parts
        raise messages.corrupt(name, "Word (DOCX)", exc) from exc


class _BodyText:
    """lxml parser target counting the characters inside `<w:t>` runs as they are read."""

    def __init__(self, budget: limits.CharBudget) -> None:
        self.budget, self.inside = budget, 0

    def start(self, tag: str, attrib: dict) -> None:
        self.inside += tag == f"{_W}t"

    def end(self, tag: str) -> None:
        self.inside -= tag == f"{_W}t"

    def data(self, text: str) -> None:
        if self.inside:
            self.budget.add(len(text))

    def close(self) -> None:
        return None


def _count_body_text(archive: zipfile.ZipFile, unpacked: limits.UnpackBudget) -> None:
    """Stream `word/document.xml` through a counting parser (no entities, no network)."""
    parser = etree.XMLParser(target=_BodyText(limits.char_budget()), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=True)
    for piece in limits.stream_member(archive, _BODY, unpacked):
        parser.feed(piece)
    parser.close()


def _body_blocks(document: Any) -> list[Block]:
    """Paragraphs and table rows of the main text in document order."""
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(Block(clean_inline(item.text), None, _heading_level(item)))
        elif isinstance(item, Table):
            blocks.extend(table_blocks(_table_cells(item)))
    return blocks


def _heading_level(paragraph: Paragraph) -> int:
    """Level from the style (or its base styles), else from an explicit outline level."""
    style = paragraph.style
    for _ in range(5):  # follow "based on" a few steps: custom styles derive from Heading n
        if style is None:
            break
        name = (style.name or "").strip()
        if name.lower() in _TITLE_STYLES:
            return 1
        match = _HEADING_STYLE.match(name)
        if match:
            return max(1, int(match.group(1)))
        style = style.base_style
    return _outline_level(paragraph)


def _outline_level(paragraph: Paragraph) -> int:
    """`<w:outlineLvl w:val="0">` on the paragraph (0-based, 9 = body text)."""
    found = paragraph._p.find(f"{_W}pPr/{_W}outlineLvl")
    value = found.get(f"{_W}val") if found is not None else None
    return int(value) + 1 if value and value.isdigit() and int(value) < 9 else 0


def _table_cells(table: Table) -> list[list[str]]:
    """Cell texts by row; a merged cell (repeated by python-docx) counts in its first column only,
    so the columns stay under their header."""
    rows = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            cells.append("" if id(cell._tc) in seen else cell.text)
            seen.add(id(cell._tc))
        rows.append(cells)
    return rows


def _core(document: Any) -> dict[str, Any]:
    """Title, author, subject, keywords, category and creation date from the core properties."""
    try:
        core = document.core_properties
        created = core.created
        values = {
            "title": core.title, "author": core.author, "subject": core.subject,
            "keywords": core.keywords, "category": core.category,
        }  # fmt: skip
    except Exception:  # malformed docProps/core.xml: the text is still worth having
        return {}
    values = {k: clean_inline(v) for k, v in values.items() if isinstance(v, str) and v.strip()}
    if created is not None:
        values["created"] = created.date().isoformat()
        values["created_date"] = created.date()
    return values


register(DocxParser())
