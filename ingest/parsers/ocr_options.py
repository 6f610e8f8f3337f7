"""What OCR may do for one parse, and what it reports back.

Parsers keep their interface `parse(data, name)`; the options travel in a context variable that
`ingest.pipeline.parse_bytes` sets from its `ocr` argument (the core builds them from its settings,
`kb.ocr_config`). A plain picklable dataclass, so a parse in a worker process gets the same.
The result of OCR is an `Extraction`: the pages read by OCR with their confidence (stored as the
document's `ocr_pages`) and German notes on what could not be read (its `extraction_note`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OcrOptions:
    """`mode` auto: OCR when Tesseract with `language` is installed; off: never.

    A PDF page counts as having a usable text layer with at least `min_letters` letters; pages
    are rendered at `dpi` (scaled down to stay under `max_image_pixels`), and an image file
    larger than `max_image_pixels` is refused. Tesseract is stopped after `page_timeout` seconds.
    """

    mode: str = "auto"
    language: str = "deu"
    page_timeout: float = 120.0
    max_image_pixels: int = 100_000_000
    dpi: int = 300
    min_letters: int = 20


_CURRENT: contextvars.ContextVar[OcrOptions | None] = contextvars.ContextVar("ocr_options", default=None)


def current() -> OcrOptions:
    """The options of the parse in progress (defaults outside `using`)."""
    return _CURRENT.get() or OcrOptions()


@contextlib.contextmanager
def using(options: OcrOptions | None) -> Iterator[OcrOptions]:
    """Parse with `options` (None: the defaults)."""
    token = _CURRENT.set(options or OcrOptions())
    try:
        yield current()
    finally:
        _CURRENT.reset(token)


Progress = Callable[[int, int], None]  # (pages read so far, pages to read)
_PROGRESS: contextvars.ContextVar[Progress | None] = contextvars.ContextVar("ocr_progress", default=None)


@contextlib.contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    """Tell `progress` after each page OCR has read: a long scan shows where it is."""
    token = _PROGRESS.set(progress)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def report(done: int, total: int) -> None:
    progress = _PROGRESS.get()
    if progress is not None:
        progress(done, total)


@dataclass
class Extraction:
    """Pages read by OCR (`{"page": n, "confidence": 0..100}`) and notes on pages without text."""

    pages: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty: list[int] = field(default_factory=list)  # OCR'd, nothing found

    def record(self, number: int, lines: list, confidence: float | None, note: str | None) -> None:
        """One page's OCR result (`ocr.PageText`'s fields)."""
        if lines:
            self.pages.append({"page": number, "confidence": confidence})
        elif note:
            self.notes.append(note)
        else:
            self.empty.append(number)

    @property
    def ocr_pages(self) -> list[dict] | None:
        return self.pages or None

    @property
    def note(self) -> str | None:
        notes = [*self.notes, found_nothing(self.empty)] if self.empty else self.notes
        return " ".join(notes)[:500] or None


def page_list(numbers: list[int]) -> str:
    """'Seite 2' / 'Seiten 2, 3 und 5' (at most ten named)."""
    shown = [str(n) for n in numbers[:10]] + (["…"] if len(numbers) > 10 else [])
    if len(shown) == 1:
        return f"Seite {shown[0]}"
    return f"Seiten {', '.join(shown[:-1])} und {shown[-1]}"


SKIPPED = "Texterkennung (OCR) ist"  # how every reason for not running OCR begins (`ocr.unavailable`)


def ocr_was_skipped(note: str | None) -> bool:
    """The note says OCR did not run (off, not installed): reading the file again may find text."""
    return bool(note) and f"ohne Textebene, {SKIPPED}" in note


def not_recognised(numbers: list[int] | None, why: str) -> str:
    """The note for pages (None: an image file) that have no text layer and were not OCR'd."""
    where = page_list(numbers) if numbers else "Bild"
    return f"Kein Text erkannt: {where} ohne Textebene, {why}."


def found_nothing(numbers: list[int]) -> str:
    return f"Kein Text erkannt: Auf {page_list(numbers)} fand die Texterkennung (OCR) keinen Text."


def timed_out(number: int, seconds: float) -> str:
    shown = f"{seconds:g}".replace(".", ",")
    return f"Seite {number}: Texterkennung nach {shown} s abgebrochen (Zeitgrenze), Seite ohne Text."
