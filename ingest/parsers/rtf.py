"""RTF files (.rtf): what old Word versions, the Windows editor WordPad and many case-management
programs export — circulars and letters in administrations often still arrive this way.

`striprtf` turns the control words into text (code page from `\\ansicpg`, `\\'xx` and `\\uN`
escapes, table cells ending in "|"); the text is then read like a plain text file (paragraphs,
headings by wording, title). Table rows are written with their column names, as in DOCX
(`ingest.parsers.tables`). RTF carries no compression: the text is never longer than the file,
so a file within `KB_MAX_DOCUMENT_CHARS` bytes cannot exceed it; a larger one is counted after
conversion (bounded in time by the parse process), before any block is built.
"""

from __future__ import annotations

import re

from striprtf.striprtf import rtf_to_text

from ingest import limits
from ingest.models import Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.tables import table_blocks
from ingest.parsers.text import TextParser

_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_ROW = re.compile(r"^(?:[^|\n]*\|)+$")
TABLE_MARK = "rtftabelle-7f3a9c"  # a paragraph of its own where a table was: no real document says this


class RtfParser:
    """Parses RTF; see the module docstring."""

    format = "rtf"
    extensions = (".rtf",)

    def sniff(self, head: bytes) -> bool:
        return head.lstrip()[:5] == b"{\\rtf"

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        if not self.sniff(data[:64]):
            raise messages.corrupt(name, "RTF", "sie beginnt nicht mit {\\rtf")
        text = rtf_to_text(data.decode("latin-1"), encoding=_codepage(data), errors="replace")
        limits.CharBudget(limits.current()).add(len(text))
        doc = TextParser().parse(_without_tables(text).encode("utf-8"), name)
        doc.blocks = _with_tables(doc.blocks, _tables(text))
        doc.format = self.format
        return doc


def _codepage(data: bytes) -> str:
    found = _CODEPAGE.search(data[:4096])
    return f"cp{int(found[1])}" if found and found[1] not in (b"65001",) else "cp1252"


def _tables(text: str) -> list[list[list[str]]]:
    """Runs of consecutive 'cell|cell|' lines, each a table of cell lists."""
    tables, rows = [], []
    for line in [*text.split("\n"), ""]:
        if _ROW.match(line.strip()):
            rows.append([c.strip() for c in line.strip().split("|")[:-1]])
        elif rows:
            tables.append(rows)
            rows = []
    return tables


def _without_tables(text: str) -> str:
    """The text with each table replaced by a marker paragraph, where its rows go back in."""
    lines, out, inside = text.split("\n"), [], False
    for line in lines:
        row = bool(_ROW.match(line.strip()))
        if row and not inside:
            out += ["", TABLE_MARK, ""]
        inside = row
        if not row:
            out.append(line)
    return "\n".join(out)




def _with_tables(blocks: list[Block], tables: list[list[list[str]]]) -> list[Block]:
    pending, out = iter(tables), []
    for block in blocks:
        out += table_blocks(next(pending, [])) if block.text.strip() == TABLE_MARK else [block]
    return out


register(RtfParser())
