"""Bounds on the work one file may cause, enforced by the parsers while they read.

A 996 KB DOCX can unpack to 300 MB of text, a PDF can declare 100 000 pages, a plain text can
be 60 MB: checking sizes after parsing means the damage (minutes of CPU, gigabytes of memory)
is done. So each parser asks for its budget while it reads and stops at the first byte or
character over it, with a German message that names the limit and the setting that raises it.

How a parser (also a new one) uses this module:

- `current()` gives the `Limits` in force (the pipeline sets them with `applied(limits)`
  around each parse; without that, the defaults apply), `char_budget()` a fresh
  `CharBudget` of `max_chars` for one document: call `budget.add(text)` for every piece of
  text as it is extracted; it raises `LimitExceeded` as soon as the sum is over.
- `check_pages(count)` before extracting pages (PDF: from the declared page count).
- `read_member(archive, name, unpacked)` reads one member of a ZIP-based format (DOCX, ODT,
  XLSX …) through a bounded stream; `unpacked` (an `UnpackBudget`) counts the bytes actually
  decompressed across all members, whatever the headers claim.

The wall time per file is not a parser's business: the caller runs the parse in a worker process
and kills it at `Limits.seconds` (`kb.services.parse_process`).
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from ingest.errors import IngestError

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """What one file may cost. The defaults are the product's (`kb.config.IngestSettings`)."""

    max_pages: int = 3000
    max_unpacked_bytes: int = 300 * MB
    max_chars: int = 5_000_000
    max_chunks: int = 10_000
    seconds: float = 120.0
    pdf_table_seconds: float = 60.0  # finding ruled tables in one PDF (`ingest.parsers.pdf_tables`)
    pdf_table_max_edges: int = 3000  # ruling edges a page may have to be searched for tables


class LimitExceeded(IngestError):
    """A file needs more than a limit allows; `limit` names the setting (e.g. KB_MAX_PAGES)."""

    def __init__(self, message: str, limit: str = "") -> None:
        super().__init__(message)
        self.limit = limit

    def __reduce__(self):  # picklable with its limit: it crosses the parse process's pipe
        return (type(self), (str(self), self.limit))


def number(value: float) -> str:
    """German thousands grouping with spaces: 5000000 → '5 000 000'."""
    return f"{int(value):,}".replace(",", " ")


def too_many_chars(limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"Die Datei enthält mehr als {number(limits.max_chars)} Zeichen Text "
                         "(Grenze KB_MAX_DOCUMENT_CHARS).", "KB_MAX_DOCUMENT_CHARS")


def too_many_pages(count: int, limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"Die Datei hat {number(count)} Seiten, erlaubt sind höchstens "
                         f"{number(limits.max_pages)} (Grenze KB_MAX_PAGES).", "KB_MAX_PAGES")


def too_big_unpacked(limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"Die Datei ist entpackt größer als {number(limits.max_unpacked_bytes / MB)} MB "
                         "(Grenze KB_MAX_UNPACKED_MB); vermutlich eine Archivbombe.", "KB_MAX_UNPACKED_MB")


def too_many_chunks(max_chunks: int) -> LimitExceeded:
    return LimitExceeded(f"Die Datei ergibt mehr als {number(max_chunks)} Abschnitte "
                         "(Grenze KB_MAX_DOCUMENT_CHUNKS); bitte in kleinere Dokumente teilen.",
                         "KB_MAX_DOCUMENT_CHUNKS")


def too_slow(limits: Limits) -> LimitExceeded:
    seconds = f"{limits.seconds:g}".replace(".", ",")
    return LimitExceeded(f"Das Lesen der Datei dauerte länger als {seconds} Sekunden und "
                         "wurde abgebrochen (Grenze KB_MAX_PARSE_SECONDS).", "KB_MAX_PARSE_SECONDS")


DEFAULT = Limits()
_CURRENT: ContextVar[Limits | None] = ContextVar("ingest_limits", default=None)


def current() -> Limits:
    """The limits in force for the parse running in this context (the defaults outside one)."""
    return _CURRENT.get() or DEFAULT


@contextlib.contextmanager
def applied(limits: Limits) -> Iterator[Limits]:
    """Make `limits` the ones `current()` returns inside the block (one parse)."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


class CharBudget:
    """Characters of extracted text one document may have; `add` raises once they are spent."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or current()
        self.used = 0

    def add(self, text: str | int) -> None:
        """Count a piece of text (or a number of characters) as it is extracted."""
        self.used += text if isinstance(text, int) else len(text)
        if self.used > self.limits.max_chars:
            raise too_many_chars(self.limits)

    def check_bytes(self, size: int, bytes_per_char: int = 4) -> None:
        """Refuse before decoding when `size` bytes must hold more characters than allowed
        (no encoding needs more than `bytes_per_char` bytes for one character)."""
        if size // bytes_per_char > self.limits.max_chars:
            raise too_many_chars(self.limits)


def char_budget() -> CharBudget:
    """A fresh budget of `current().max_chars` for one document."""
    return CharBudget(current())


def counted(blocks: Iterable, budget: CharBudget) -> Iterator:
    """Blocks passed on as they are extracted, their text counted against `budget` on the way
    (for parsers whose library hands out one part after another: slides, sheet rows)."""
    for block in blocks:
        budget.add(block.text)
        yield block


def check_pages(count: int, limits: Limits | None = None) -> None:
    """Refuse a document with more pages than allowed, before any page is read."""
    limits = limits or current()
    if count > limits.max_pages:
        raise too_many_pages(count, limits)


class UnpackBudget:
    """Bytes decompressed from one archive so far, counted as they come out of the stream."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or current()
        self.used = 0

    def add(self, size: int) -> None:
        self.used += size
        if self.used > self.limits.max_unpacked_bytes:
            raise too_big_unpacked(self.limits)


def stream_member(archive: zipfile.ZipFile, name: str, unpacked: UnpackBudget,
                  piece: int = 1 << 20) -> Iterator[bytes]:
    """The decompressed bytes of one member in pieces, each counted against `unpacked` before it
    is handed on (a lying size header does not help: what is counted is what came out)."""
    with archive.open(name) as stream:
        while data := stream.read(piece):
            unpacked.add(len(data))
            yield data


def read_member(archive: zipfile.ZipFile, name: str, unpacked: UnpackBudget) -> bytes:
    """One member, whole, read through the bounded stream."""
    return b"".join(stream_member(archive, name, unpacked))


def check_archive(archive: zipfile.ZipFile, unpacked: UnpackBudget, skip: frozenset[str] = frozenset()) -> None:
    """Decompress every member (except `skip`, already counted) against the budget, so a library
    that later reads the archive whole (python-docx) cannot be fed a bomb."""
    if sum(info.file_size for info in archive.infolist()) > unpacked.limits.max_unpacked_bytes:
        raise too_big_unpacked(unpacked.limits)  # the headers alone already say too much
    for info in archive.infolist():
        if info.filename not in skip and not info.is_dir():
            for _ in stream_member(archive, info.filename, unpacked):
                pass
