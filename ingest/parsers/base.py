"""The one interface every format parser implements, and the registry that picks one by content.

Files arrive with wrong or missing extensions (a PDF saved as `.doc`, an HTML export named `.txt`),
so the registry sniffs the first bytes before it trusts the name.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Protocol

from ingest.errors import UnsupportedFormat
from ingest.models import ParsedDocument
from ingest.parsers.container import ZIP_MAGIC, container_kind


class Parser(Protocol):
    """Turns raw bytes of one format into a `ParsedDocument`."""

    format: str
    extensions: tuple[str, ...]

    def sniff(self, head: bytes) -> bool:
        """True when the first bytes of a file look like this format."""

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        """Parse the whole file; raise an `IngestError` subclass with a clear message on failure."""


_REGISTRY: list[Parser] = []


def register(parser: Parser) -> Parser:
    """Add a parser; the first registered parser whose `sniff` accepts the content wins."""
    _REGISTRY.append(parser)
    return parser


def parsers() -> list[Parser]:
    """Every parser in the order of `formats.ORDER` (a test may have imported one format module
    before the others, so the order of registration is not the order of trying)."""
    from ingest.parsers import formats  # imports every format module once

    return sorted(_REGISTRY, key=lambda p: formats.ORDER.index(p.format))


def choose_parser(data: bytes, name: str) -> Parser:
    """Pick by content first, then by extension for formats without a signature (text, Markdown).

    A ZIP container says what it is (ODF `mimetype`, OOXML `[Content_Types].xml`); only when it
    cannot be read (truncated, damaged) do the first bytes decide, and last the extension of a
    container format, so that its parser can say the file is damaged instead of "unsupported".
    """
    head = sniffable_head(data[:4096])
    candidates = parsers()
    kind = container_kind(data)
    for parser in candidates:
        if kind in getattr(parser, "kinds", (parser.format,)) or (kind is None and parser.sniff(head)):
            return parser
    suffix = Path(name).suffix.lower()
    for parser in candidates:
        container = getattr(parser, "container", False) and head.startswith(ZIP_MAGIC)
        if suffix in parser.extensions and (container or _looks_textual(head)):
            return parser
    raise UnsupportedFormat(
        f"Dateiformat von '{name}' wird nicht unterstützt (erwartet: PDF, DOCX, ODT/ODS/ODP, PPTX, XLSX, "
        "E-Mail (EML/MSG), HTML, RTF, Markdown, Text, Gesetzes-XML oder Bild: PNG, JPEG, TIFF)"
    )


# UTF-32 first: its little-endian BOM begins with UTF-16's.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def sniffable_head(head: bytes) -> bytes:
    """The first bytes as signatures expect them: UTF-16/32 text (with its BOM, as Notepad and
    Excel save "Unicode" text) re-encoded as UTF-8, so an HTML page is still seen as HTML and a
    text is not refused for the zero bytes every wide character carries. The parsers get the
    original bytes; `decoding.decode_text` reads the BOM."""
    for bom, codec in _WIDE_BOMS:
        if head.startswith(bom):
            return head.decode(codec, errors="ignore").encode("utf-8")
    return head


def _looks_textual(head: bytes) -> bool:
    """No zero byte: binary data (images, archives) has them, text in 8-bit or UTF-8 does not."""
    return b"\x00" not in head
