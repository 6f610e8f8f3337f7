"""Plain data that leaves the ingestion layer: no database, no vectors, no web.

A parser turns a file into a `ParsedDocument` (a flat list of blocks, each knowing its page and
whether it is a heading); the chunker turns that into `Chunk`s that carry their section path and
page range. Keeping the hand-over flat makes every format look alike to the chunker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class DocType(StrEnum):
    """Document types of the network's knowledge base (German names are what users see)."""

    RUNDSCHREIBEN = "Rundschreiben"
    WEISUNG = "Weisung"
    PROTOKOLL = "Protokoll"
    RECHTSAENDERUNG = "Rechtsänderung"
    GESETZ = "Gesetz"
    URTEIL = "Urteil"
    SCHULUNG = "Schulung"
    NETZWERKFRAGE = "Netzwerkfrage"  # a question or answer of the network's exchange (kb.services.network)
    SONSTIGES = "Sonstiges"


@dataclass(frozen=True)
class Block:
    """One paragraph or heading as the parser found it.

    `level` > 0 marks a heading (1 = top); body text has level 0. `page` is 1-based or None for
    formats without pages. `table` marks a table row ("Kreis: Kusel | Jahr: 2026"): its labels
    ("Datum: …") say nothing about the document itself.
    """

    text: str
    page: int | None = None
    level: int = 0
    table: bool = False

    @property
    def is_heading(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class Attachment:
    """A file that came inside another (an e-mail's attachment), to be ingested as its own
    document linked to the one that carried it."""

    name: str
    data: bytes


@dataclass
class ParsedDocument:
    """What a parser read: the blocks in reading order plus what the file says about itself.

    `attachments` are files carried inside (only e-mails have them); `notes` are German remarks
    for the report ("Anhang 'x.pdf' ist leer und wurde übersprungen")."""

    blocks: list[Block]
    format: str
    title: str | None = None
    date: date | None = None
    page_count: int | None = None
    properties: dict[str, str] = field(default_factory=dict)
    ocr_pages: list[dict] | None = None  # pages read by OCR: [{"page": n, "confidence": 0..100}]
    extraction_note: str | None = None  # why (some) pages have no text, e.g. OCR switched off
    attachments: list[Attachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass
class DocumentMeta:
    """Metadata stored with a document; `None` where nothing could be learned."""

    title: str
    source_name: str
    content_hash: str
    format: str
    doc_type: DocType = DocType.SONSTIGES
    district: str | None = None
    date: date | None = None
    page_count: int | None = None
    norm: str | None = None  # for law texts: the law's canonical short name, e.g. "SGB II"
    visibility: str | None = None  # as stated (sidecar, front matter, form); None: the store decides
    valid_from: date | None = None
    valid_to: date | None = None
    replaces: str | None = None  # as stated; the store resolves it to a document
    key: str | None = None  # document key of its versions; None: the source path
    stand: date | None = None  # law texts: the legal state shown (see `ingest.law_stand`)
    stand_note: str | None = None  # the words stating it ("zuletzt geändert durch …")
    ocr_pages: list[dict] | None = None  # as `ParsedDocument.ocr_pages`
    extraction_note: str | None = None  # as `ParsedDocument.extraction_note`
    working_group: str | None = None  # slug of the working group (minutes), as stated


@dataclass
class Chunk:
    """A passage small enough for the embedding model, with where it sits in its document."""

    text: str
    ordinal: int
    section: str | None = None
    heading_path: tuple[str, ...] = ()
    page_start: int | None = None
    page_end: int | None = None
    norms_cited: tuple[str, ...] = ()
    norm_self: str | None = None  # the norm a law chunk *is*, e.g. "SGB II § 22"

    @property
    def embedding_text(self) -> str:
        return embedding_text(self.text, self.heading_path)


def embedding_text(text: str, heading_path: Sequence[str]) -> str:
    """Text given to the embedder and lexical index (and to a reranker, which should read what
    they read): the heading path gives context."""
    head = " › ".join(heading_path)
    return f"{head}\n{text}" if head and not text.startswith(head) else text


@dataclass
class PreparedDocument:
    """A parsed, chunked document with its metadata, ready to be stored and indexed."""

    meta: DocumentMeta
    chunks: list[Chunk]
    full_text_chars: int = 0
    attachments: list[Attachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
