"""File → `PreparedDocument`: read, pick a parser by content, parse, resolve metadata, chunk, cite.

Pure: it touches no database and no index, so it can run in worker processes and is tested
without either. Every failure is an `IngestError` with a message fit for the user.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ingest import citations, limits
from ingest.chunking import Chunker
from ingest.errors import EmptyDocument, IngestError
from ingest.law_stand import Stand, stand_of
from ingest.legal import match_law
from ingest.letterhead import without_letterhead
from ingest.limits import Limits
from ingest.metadata import MetaHints, hints_from_document, read_sidecar
from ingest.models import Chunk, DocType, DocumentMeta, ParsedDocument, PreparedDocument
from ingest.parsers import messages, ocr_options
from ingest.parsers.base import choose_parser
from ingest.parsers.ocr_options import OcrOptions

IGNORED_NAMES = re.compile(r"(^|/)(\.|~\$)|\.meta\.json$|^README(\.md)?$|\.(py|pyc|json|yaml|yml|ini)$", re.I)
_TITLE_ABBREV = re.compile(r"\s[-–]\s*([A-Za-zÄÖÜäöü][\w.-]{0,15})\)\s*$")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_ingestible(path: Path) -> bool:
    """Sidecars, hidden files, Office lock files and read-me files are not documents."""
    return path.is_file() and not IGNORED_NAMES.search(path.name)


def read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise messages.not_readable(path, exc) from exc
    if size > max_bytes:
        raise IngestError(
            f"Datei ist zu groß ({size / 1e6:.0f} MB, Grenze {max_bytes / 1e6:.0f} MB)"
        )
    if size == 0:
        raise EmptyDocument("Datei ist leer (0 Bytes)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise messages.not_readable(path, exc) from exc


def parse_bytes(data: bytes, name: str, bounds: Limits | None = None, ocr: OcrOptions | None = None
                ) -> ParsedDocument:
    """Parse with `bounds` in force (`ingest.limits`: the parsers check them while reading) and
    `ocr` saying what OCR of scans may do; the page and character counts are checked once more on
    the result, for a parser that does not (yet) count as it reads. A document without text is
    refused unless the parser says why (a scan without OCR)."""
    bounds = bounds or limits.current()
    parser = choose_parser(data, name)
    with limits.applied(bounds), ocr_options.using(ocr):
        try:
            doc = parser.parse(data, name)
        except IngestError:
            raise
        except Exception as exc:  # a library choked on a malformed file: its words go to the log
            raise messages.unreadable(name, exc) from exc
    if not doc.extraction_note and not any(b.text.strip() for b in doc.blocks):
        raise EmptyDocument("Dokument enthält keinen lesbaren Text")
    limits.check_pages(doc.page_count or 0, bounds)
    limits.CharBudget(bounds).add(sum(len(b.text) for b in doc.blocks))
    return doc


Parse = Callable[[bytes, str, Limits, OcrOptions | None], ParsedDocument]


def prepare(data: bytes, name: str, chunker: Chunker, overrides: MetaHints | None = None,
            sidecar: MetaHints | None = None, bounds: Limits | None = None,
            parse: Parse = parse_bytes, ocr: OcrOptions | None = None) -> PreparedDocument:
    """Parse and chunk one file; `overrides` (CLI/upload form) beat `sidecar` beat the document.
    `parse` may run the parse elsewhere (a worker process killed at the wall-time limit)."""
    bounds = bounds or limits.current()
    doc = parse(data, name, bounds, ocr)
    stated = (overrides or MetaHints()).merged_over(sidecar or MetaHints())
    hints = stated.merged_over(hints_from_document(doc, name, stated))
    doc_type = hints.doc_type or DocType.SONSTIGES
    law = hints.norm or (detect_law(doc, hints.title) if doc_type == DocType.GESETZ else None)
    stand = stand_of(doc, hints.stand) if doc_type == DocType.GESETZ else Stand()
    meta = DocumentMeta(
        title=hints.title or name, source_name=Path(name).name, content_hash=content_hash(data),
        format=doc.format, doc_type=doc_type, district=hints.district, date=hints.date,
        page_count=doc.page_count, norm=law, visibility=hints.visibility,
        valid_from=hints.valid_from, valid_to=hints.valid_to, replaces=hints.replaces, key=hints.key,
        stand=stand.day, stand_note=stand.note, ocr_pages=doc.ocr_pages, extraction_note=doc.extraction_note,
        working_group=hints.working_group,
    )
    body = doc if doc_type == DocType.GESETZ else without_letterhead(doc)  # metadata is read by now
    chunks = [annotate_norms(c, law) for c in chunker.chunk(body, bounds.max_chunks)]
    if not chunks and not doc.extraction_note:
        raise EmptyDocument("Dokument enthält keinen verwertbaren Text")
    return PreparedDocument(meta, chunks, full_text_chars=sum(len(b.text) for b in doc.blocks),
                            attachments=doc.attachments, notes=doc.notes)


def prepare_path(path: Path, chunker: Chunker, overrides: MetaHints | None = None,
                 max_bytes: int = 200_000_000, ocr: OcrOptions | None = None) -> PreparedDocument:
    return prepare(read_file(path, max_bytes), path.name, chunker, overrides, read_sidecar(path), ocr=ocr)


def annotate_norms(chunk: Chunk, law: str | None) -> Chunk:
    """A law chunk *is* its section's norm; every chunk *cites* the norms in its text."""
    norm_self = citations.heading_norm(chunk.section, law) if law and chunk.section else None
    cited = citations.norm_ids(chunk.text, default_law=law, level="paragraph")
    return replace(chunk, norm_self=norm_self,
                   norms_cited=tuple(n for n in cited if n != norm_self))


def detect_law(doc: ParsedDocument, title: str | None) -> str | None:
    """The law's canonical short name from XML metadata, the title's abbreviation, or its name."""
    for key in ("amtabk", "jurabk"):
        if doc.properties.get(key):
            return citations.canonical_law(doc.properties[key]) or doc.properties[key]
    if not title:
        return None
    match = _TITLE_ABBREV.search(title)
    if match and (law := citations.canonical_law(match[1])):
        return law
    return law_named_in(title) or (match[1] if match else None)


def law_named_in(title: str) -> str | None:
    """The law a title opens with ('Sozialgesetzbuch (SGB) Zweites Buch (II) - …' → 'SGB II').

    Only the opening counts: 'Verordnung … nach § 48a des Zweiten Buches Sozialgesetzbuch' is
    not SGB II itself.
    """
    found = match_law(title, 0)
    return found[0] if found else None
