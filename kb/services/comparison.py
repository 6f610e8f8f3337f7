"""Comparing two documents — two versions of one, or a circular and the one replacing it —
section by section, from their stored originals.

The chunks are no source for a diff (they overlap, and are cut for the model); the original
files are kept content-addressed for every version, so both are parsed again (pure ingest) and
handed to `ingest.version_diff`. Parsed originals are remembered by content hash: a law of
300 KB parses in about a second, and a reader paging through the norms of one diff asks for
the same two again and again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import BaseModel

from ingest.limits import Limits
from ingest.models import ParsedDocument
from ingest.parsers.ocr_options import OcrOptions
from ingest.pipeline import parse_bytes, read_file
from ingest.version_diff import DocumentDiff, SectionDiff, diff_documents, diff_section
from kb.db.models import Document
from kb.services.documents import info
from kb.services.schemas import DocumentInfo


@dataclass
class Comparison:
    """Two documents, older first, and what changed from the one to the other."""

    old: DocumentInfo
    new: DocumentInfo
    diff: DocumentDiff
    section: str | None = None  # the section asked for ("§ 15"), if any
    found: SectionDiff | None = None  # that section's diff (None: it is in neither version)

    @property
    def shown(self) -> list[SectionDiff]:
        """The sections the page lists: the one asked for, else every changed one."""
        if self.section is not None:
            return [self.found] if self.found else []
        return self.diff.changed()


class ComparisonOut(BaseModel):
    """A comparison as JSON: both documents, counts, and the sections shown on the page."""

    old: DocumentInfo
    new: DocumentInfo
    counts: dict[str, int]  # sections per state
    norm_states: dict[str, str]  # for law texts: "§ 15" → unchanged | changed | new | repealed
    section: str | None = None
    sections: list[dict]

    @classmethod
    def of(cls, cmp: Comparison) -> ComparisonOut:
        return cls(old=cmp.old, new=cmp.new, counts=cmp.diff.counts, norm_states=cmp.diff.norm_states(),
                   section=cmp.section, sections=[asdict(s) for s in cmp.shown])


class ParsedOriginals:
    """Parsed original files, the last few by content hash."""

    def __init__(self, folder: Path, max_bytes: int, size: int = 6, bounds: Limits | None = None,
                 ocr: OcrOptions | None = None) -> None:
        self.folder, self.max_bytes, self.size = folder, max_bytes, size
        self.bounds = bounds  # stored originals passed these limits when they were ingested
        self.ocr = ocr  # scans are read as they were at ingest
        self._cache: OrderedDict[str, ParsedDocument] = OrderedDict()
        self._lock = threading.Lock()

    def parsed(self, doc: Document) -> ParsedDocument:
        with self._lock:
            if doc.content_hash in self._cache:
                self._cache.move_to_end(doc.content_hash)
                return self._cache[doc.content_hash]
        parsed = parse_bytes(read_file(self.folder / doc.stored_file, self.max_bytes), doc.source_name,
                             self.bounds, self.ocr)
        with self._lock:
            self._cache[doc.content_hash] = parsed
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return parsed


def compare(originals: ParsedOriginals, first: Document, second: Document,
            section: str | None = None) -> Comparison:
    """The diff from the older of the two documents (by version, then id) to the newer."""
    old, new = sorted((first, second), key=lambda d: (d.version, d.id))
    diff = diff_documents(originals.parsed(old), originals.parsed(new))
    found = diff_section(diff, section) if section else None
    return Comparison(info(old), info(new), diff, section, found)
