"""PDF parser (pypdf): laws from gesetze-im-internet.de, BA Weisungen, Rundschreiben, rulings.

Pages are read into lines with typography, running headers/footers are dropped, and the lines
are rebuilt into paragraphs and headings by `layout`. Page numbers are kept on every block so
answers can cite "S. 17".
"""

from __future__ import annotations

import io
import itertools
import logging
from datetime import date
from typing import Any

from pypdf import PasswordType, PdfReader

from ingest import limits
from ingest.errors import IngestError
from ingest.models import ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.dates import find_document_date
from ingest.parsers.docmeta import meaningful_title, title_from_blocks
from ingest.parsers.layout import Line, lines_to_blocks
from ingest.parsers.pdf_lines import page_lines, strip_running_lines
from ingest.parsers.pdf_ocr import fill_scanned_pages
from ingest.parsers.pdf_tables import expand_tables, find_tables, place_tables

log = logging.getLogger(__name__)
SCANNED_HINT = "gescanntes Dokument ohne Texterkennung?"


class PdfParser:
    """Parses PDF files; see the module docstring."""

    format = "pdf"
    extensions = (".pdf",)

    def sniff(self, head: bytes) -> bool:
        """`%PDF-` at the start, after an optional BOM or whitespace."""
        return head[:1024].lstrip(b"\xef\xbb\xbf\x00\t\r\n\f ").startswith(b"%PDF-")

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        reader = _open(data, name)
        pages, failed = _read_pages(reader, name)
        pages, extraction = fill_scanned_pages(data, pages, name)  # OCR where there is no text layer
        if all(line.blank for lines in pages for line in lines):
            if extraction.note:  # a scan without OCR: kept, saying why it has no text
                return ParsedDocument([], self.format, page_count=len(reader.pages),
                                      extraction_note=extraction.note)
            raise messages.empty(name, SCANNED_HINT)
        head_text = "\n".join(ln.text for lines in pages[:2] for ln in lines if not ln.blank)
        tables = find_tables(data, name)
        pages = place_tables(pages, tables)
        blocks = lines_to_blocks(_flatten(strip_running_lines(pages)))
        if not blocks:  # everything looked like a running header: keep the text after all
            blocks = lines_to_blocks(_flatten(pages))
        blocks = expand_tables(blocks, tables)
        info = _metadata(reader)
        properties = _properties(info, failed) | _gii_properties(pages[0])
        title = meaningful_title(info.get("title"), name) or title_from_blocks(blocks)
        doc_date = find_document_date(head_text) or info.get("created")
        return ParsedDocument(blocks, self.format, title, doc_date, len(reader.pages), properties,
                              extraction.ocr_pages, extraction.note)


def _open(data: bytes, name: str) -> PdfReader:
    """A readable PdfReader; encrypted files are opened with the empty password if possible."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and _decrypt(reader) == PasswordType.NOT_DECRYPTED:
            raise messages.encrypted(name)
        limits.check_pages(_declared_pages(reader))  # before pypdf walks the page tree
        limits.check_pages(len(reader.pages))
        if len(reader.pages) == 0:
            raise messages.empty(name, "keine Seiten")
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise messages.corrupt(name, "PDF", exc) from exc
    return reader


def _declared_pages(reader: PdfReader) -> int:
    """The page count the page tree's root states (`/Count`), read without walking the tree; 0
    when it is missing or no number (the walk then counts)."""
    try:
        count = reader.root_object["/Pages"].get_object().get("/Count", 0)
        return max(0, int(count))
    except Exception:  # a broken root: let the walk decide
        return 0


def _decrypt(reader: PdfReader) -> PasswordType:
    """Try the empty user password (owner-only protection); unsupported ciphers count as locked."""
    try:
        return reader.decrypt("")
    except Exception:  # e.g. DependencyError for AES without the cryptography package
        return PasswordType.NOT_DECRYPTED


def _read_pages(reader: PdfReader, name: str) -> tuple[list[list[Line]], list[int]]:
    """Lines per page; a page that cannot be read is skipped (and reported) unless all fail."""
    pages: list[list[Line]] = []
    failed: list[int] = []
    budget = limits.char_budget()
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(page_lines(page, number))
            budget.add(sum(len(line.text) for line in pages[-1]))
        except IngestError:
            raise
        except Exception as exc:  # one broken content stream should not cost the document
            log.warning("%s: Seite %d nicht lesbar: %s", name, number, exc)
            failed.append(number)
            pages.append([])
    if failed and len(failed) == len(pages):
        raise messages.corrupt(name, "PDF", "keine Seite lesbar")
    return pages, failed


def _flatten(pages: list[list[Line]]) -> list[Line]:
    """All lines in order; blank lines at page edges go, so paragraphs run on across pages."""
    out: list[Line] = []
    for lines in pages:
        filled = [i for i, line in enumerate(lines) if not line.blank]
        if filled:
            out.extend(lines[filled[0] : filled[-1] + 1])
    return out


def _metadata(reader: PdfReader) -> dict[str, Any]:
    """Title, author, subject, keywords and creation date from the document information."""
    try:
        meta = reader.metadata
    except Exception:
        return {}
    if meta is None:
        return {}
    info: dict[str, Any] = {}
    for key in ("title", "author", "subject"):
        try:
            info[key] = getattr(meta, key)
        except Exception:
            continue
    info["keywords"] = meta.get("/Keywords")
    info["created"] = _creation_date(meta)
    return info


def _creation_date(meta: Any) -> date | None:
    try:
        created = meta.creation_date
    except Exception:  # malformed "D:…" strings are common
        return None
    return created.date() if created else None


def _properties(info: dict[str, Any], failed: list[int]) -> dict[str, str]:
    keep = ("author", "subject", "keywords")
    props = {k: str(info[k]).strip() for k in keep if info.get(k)}
    if info.get("created"):
        props["created"] = info["created"].isoformat()
    if failed:
        props["unreadable_pages"] = ", ".join(map(str, failed))
    return {k: v for k, v in props.items() if v}


def _gii_properties(first_page: list[Line]) -> dict[str, str]:
    """Law PDFs from gesetze-im-internet.de print the law's abbreviation ("SGB 2") right above
    "Ausfertigungsdatum: …"; as "jurabk" it lets the pipeline cite "SGB II § 22" as the XML does."""
    texts = [line.text for line in first_page if not line.blank]
    if not any("gesetze-im-internet.de" in text for text in texts[:4]):
        return {}
    for before, text in itertools.pairwise(texts):
        if text.startswith("Ausfertigungsdatum") and 0 < len(before) <= 30:
            return {"jurabk": before}
    return {}


register(PdfParser())
