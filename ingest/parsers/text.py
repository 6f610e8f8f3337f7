"""Plain text files (.txt): e-mail texts, exported notes, minutes typed without formatting.

Paragraphs are separated by blank lines; lines inside a paragraph are joined (hard-wrapped
e-mails) unless they start list items. Headings are recognised by wording only ("1.
Ausgangslage", "§ 22 Bedarfe …", "TATBESTAND"), with the same rules the PDF parser uses
when a PDF has no typography, and by setext underlines; the title is a standalone first line
(`ingest.parsers.text_structure`).
"""

from __future__ import annotations

from ingest.models import Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.dates import find_document_date
from ingest.parsers.decoding import bounded_decode
from ingest.parsers.docmeta import title_from_blocks
from ingest.parsers.frontmatter import split_header
from ingest.parsers.layout import Line, lines_to_blocks
from ingest.parsers.text_structure import setext_segments, title_line
from ingest.parsers.textclean import clean_inline


class TextParser:
    """Parses plain text; see the module docstring."""

    format = "text"
    extensions = (".txt", ".text")

    def sniff(self, head: bytes) -> bool:
        """Never: plain text has no signature and is chosen by its extension."""
        return False

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        source, header = split_header(bounded_decode(data))
        source = source.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
        raw_lines = source.split("\n")
        blocks = _blocks(setext_segments(raw_lines))
        if not blocks:
            raise messages.empty(name)
        title = header.title or title_line(raw_lines) or title_from_blocks(blocks)
        doc_date = header.date or find_document_date(source)
        return ParsedDocument(blocks, self.format, title, doc_date, None, header.properties)


def _blocks(segments: list) -> list[Block]:
    """Blocks of the text between underlined headings (read by wording), and those headings."""
    blocks: list[Block] = []
    run: list[str] = []
    for segment in [*segments, None]:
        if isinstance(segment, str):
            run.append(segment)
            continue
        blocks += lines_to_blocks([Line(clean_inline(raw), None, raw=raw) for raw in run]) if run else []
        run = []
        if segment is not None:
            blocks.append(Block(clean_inline(segment.text), None, segment.level))
    return blocks


register(TextParser())
