"""OCR for the pages of a PDF that have no usable text layer (scans), page by page.

A page is a scan when its text layer has fewer than `min_letters` letters and it shows an image;
a blank page or one drawn only with vector graphics is left alone (OCR would find nothing and
the note would mislead). Only those pages are rendered (pypdfium2, at `dpi`, scaled down to stay
under `max_image_pixels`) and read by Tesseract; their lines replace the empty text layer, so the
layout rebuild, headers/footers and page numbers work as for any other page. Pages with text
are never OCR'd, so a mixed PDF costs OCR only where it is needed.
"""

from __future__ import annotations

import logging
import math
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.parsers import ocr
from ingest.parsers.ocr_options import Extraction, OcrOptions, current, not_recognised, report
from ingest.parsers.typography import Line

log = logging.getLogger(__name__)
PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe; the web server may parse an upload beside a job


def fill_scanned_pages(data: bytes, pages: list[list[Line]], name: str) -> tuple[list[list[Line]], Extraction]:
    """`pages` with OCR'd lines for each scanned page, and what OCR did (or why it did not)."""
    options = current()
    thin = [n for n, lines in enumerate(pages, start=1) if _letters(lines) < options.min_letters]
    if not thin:
        return pages, Extraction()
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            log.warning("%s: Seiten für die Texterkennung nicht darstellbar: %s", name, exc)
            return pages, Extraction(notes=[not_recognised(thin, "die Seiten ließen sich nicht darstellen")])
        try:
            return _fill(pdf, pages, [n for n in thin if _shows_image(pdf[n - 1])], options)
        finally:
            pdf.close()


def _fill(pdf: pdfium.PdfDocument, pages: list[list[Line]], scans: list[int],
          options: OcrOptions) -> tuple[list[list[Line]], Extraction]:
    if not scans:
        return pages, Extraction()
    why = ocr.unavailable(options)
    if why:
        return pages, Extraction(notes=[not_recognised(scans, why)])
    pages, extraction = list(pages), Extraction()
    for done, number in enumerate(scans, start=1):
        image, dpi = _render(pdf[number - 1], options)
        read = ocr.recognise(image, number, options, dpi)
        report(done, len(scans))
        log.info("Texterkennung Seite %d von %d: Sicherheit %s", number, len(pages), read.confidence)
        if read.lines:
            pages[number - 1] = read.lines
        extraction.record(number, read.lines, read.confidence, read.note)
    return pages, extraction


def _letters(lines: list[Line]) -> int:
    return sum(ch.isalpha() for line in lines for ch in line.text)


def _shows_image(page: pdfium.PdfPage) -> bool:
    """Any image object on the page, also inside form XObjects (as many scanners write them)."""
    return next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4), None) is not None


def _render(page: pdfium.PdfPage, options: OcrOptions):
    """The page in grey at `dpi`, or at the largest resolution under `max_image_pixels`."""
    width, height = page.get_size()  # points, 1/72 inch
    scale = options.dpi / 72
    if width * height * scale * scale > options.max_image_pixels:
        scale = math.sqrt(options.max_image_pixels / (width * height))
    bitmap = page.render(scale=scale, grayscale=True)
    return bitmap.to_pil(), round(scale * 72)
