"""Tesseract OCR of one page image: text lines for the layout rebuild, and a confidence.

The `tesseract` program is called directly (stdin → TSV on stdout) rather than through
pytesseract: one call gives words, their lines and paragraphs and a confidence per word, and the
call can carry its own environment. `OMP_THREAD_LIMIT=1` makes Tesseract 5 about three times
faster on this two-core machine (its OpenMP threads otherwise fight each other and the embedder;
measured in docs/performance.md), and the timeout kills a page that takes too long instead of
hanging the ingest job.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field

from PIL import Image

from ingest.parsers.ocr_options import OcrOptions, timed_out
from ingest.parsers.textclean import clean_inline
from ingest.parsers.typography import Line

log = logging.getLogger(__name__)
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
# Tesseract's German model reads "§" as "8" or "$" and the "II" of "SGB II" as "Il": both break
# norm citations, the most searched thing here, so they are repaired where the context is certain.
_LAWS = r"SGB|BGB|GG|SGG|VwVfG|WoGG|BKGG|EStG|UVG|AsylbLG|BAföG|ZPO|ErrV|BürgGV|GrusiGV|Alg II-V"
_SECTION_SIGN = re.compile(  # "8 16 SGB", "$$ 67, 68 SGB", "8 22 Abs. 1", "i. S. d. 8 35", "gemäß $ 7"
    rf"(?<![\w§$.,])[8$]{{1,2}}"
    rf"(?= \d{{1,4}}[a-z]?(?: (?:Abs\.|Satz\b|Nr\.|ff?\.|(?:{_LAWS})\b)|, \d+[a-z]? (?:{_LAWS})\b))"
    r"|(?:(?<=i\. S\. d\. )|(?<=gemäß )|(?<=gem\. )|(?<=vgl\. ))[8$]{1,2}(?= \d{1,4}[a-z]?\b)")
_BOOK = re.compile(r"\b(SGB) ([IVXl]*l[IVXl]*)\b")


@dataclass
class PageText:
    """What OCR read on one page: lines (a blank line between paragraphs), the character-weighted
    mean word confidence (0–100, None without words) and a note if the page could not be read."""

    lines: list[Line] = field(default_factory=list)
    confidence: float | None = None
    note: str | None = None


def unavailable(options: OcrOptions) -> str | None:
    """Why OCR cannot run (German, for the extraction note), or None when it can."""
    if options.mode == "off":
        return "Texterkennung (OCR) ist ausgeschaltet (KB_OCR=off)"
    exe = shutil.which("tesseract")
    if exe is None:
        return "Texterkennung (OCR) ist nicht verfügbar (Tesseract ist nicht installiert)"
    missing = [lang for lang in options.language.split("+") if lang not in _languages(exe)]
    if missing:
        return f"Texterkennung (OCR) ist nicht verfügbar (Sprachmodell {', '.join(missing)} fehlt)"
    return None


@functools.cache
def _languages(exe: str) -> frozenset[str]:
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("tesseract --list-langs fehlgeschlagen: %s", exc)
        return frozenset()
    return frozenset(done.stdout.split()[1:])  # the first line is a heading


def recognise(image: Image.Image, page: int, options: OcrOptions, dpi: int | None = None) -> PageText:
    """OCR one page image (any mode; read as grey levels). A page read with low confidence may be
    lying on its side or upside down (fed into the scanner the wrong way): then Tesseract's
    orientation detection is asked, and a turned page is read again — the better reading wins.
    Upright pages read well never pay for the second look."""
    first = _read(image, page, options, dpi)
    if first.note or (first.confidence or 0) >= UPRIGHT_CONFIDENCE:
        return first
    angle = orientation(image, options)
    if not angle:
        return first
    turned = _read(image.rotate(-angle, expand=True), page, options, dpi)
    log.info("Seite %d lag um %d° gedreht: Zuversicht %s → %s", page, angle, first.confidence, turned.confidence)
    return turned if (turned.confidence or 0) > (first.confidence or 0) else first


UPRIGHT_CONFIDENCE = 75  # a clean upright page reads at 85–95; a page on its side far below
_ROTATE = re.compile(r"Rotate: (\d+)\s+Orientation confidence: ([\d.]+)")


def orientation(image: Image.Image, options: OcrOptions) -> int:
    """Clockwise degrees (90, 180, 270) that bring the page upright, 0 if it is or nobody knows."""
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0", "-l", "osd"], input=_ppm(image),
                              capture_output=True, timeout=options.page_timeout, env=_ENV, check=False)
    except subprocess.TimeoutExpired:
        return 0
    found = _ROTATE.search(done.stdout.decode(errors="replace"))
    if not found or float(found[2]) < 2:  # Tesseract's own advice: below 2 it is guessing
        return 0
    return int(found[1]) % 360


def _ppm(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "PPM")  # uncompressed: encoding costs nothing
    return buffer.getvalue()


def _read(image: Image.Image, page: int, options: OcrOptions, dpi: int | None) -> PageText:
    command = ["tesseract", "stdin", "stdout", "-l", options.language, "--psm", "3"]
    if dpi:
        command += ["--dpi", str(dpi)]
    try:
        done = subprocess.run([*command, "tsv"], input=_ppm(image), capture_output=True,
                              timeout=options.page_timeout, env=_ENV, check=False)
    except subprocess.TimeoutExpired:
        log.warning("Texterkennung Seite %d: Zeitgrenze %.0f s überschritten", page, options.page_timeout)
        return PageText(note=timed_out(page, options.page_timeout))
    if done.returncode != 0:
        log.warning("tesseract Seite %d: %s", page, done.stderr.decode(errors="replace")[-500:])
        return PageText(note=f"Seite {page}: Texterkennung fehlgeschlagen, Seite ohne Text.")
    return parse_tsv(done.stdout.decode("utf-8", errors="replace"), page)


def parse_tsv(tsv: str, page: int) -> PageText:
    """Tesseract's TSV (one row per word, numbered block/paragraph/line) → lines and confidence."""
    lines: list[Line] = []
    current: tuple[str, str, str] | None = None
    words: list[str] = []
    weighted = chars = 0.0
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip() or float(cells[10]) < 0:
            continue
        key = (cells[2], cells[3], cells[4])
        if key != current:
            _end_line(lines, words, page)
            if current is not None and key[:2] != current[:2]:
                lines.append(Line("", page))  # a new paragraph: the layout rebuild ends the last one
            current, words = key, []
        text = cells[11].strip()
        words.append(text)
        weighted += float(cells[10]) * len(text)
        chars += len(text)
    _end_line(lines, words, page)
    return PageText(lines, round(weighted / chars, 1) if chars else None)


def _end_line(lines: list[Line], words: list[str], page: int) -> None:
    if words:
        text = repair(clean_inline(" ".join(words)))
        lines.append(Line(text, page, raw=text))


def repair(text: str) -> str:
    """'8 16 SGB Il' → '§ 16 SGB II', '$$ 67, 68 SGB XII' → '§§ 67, 68 SGB XII'."""
    text = _SECTION_SIGN.sub(lambda m: "§" * len(m[0]), text)
    return _BOOK.sub(lambda m: f"{m[1]} {m[2].replace('l', 'I')}", text)
