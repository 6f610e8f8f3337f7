"""Image files (PNG, JPEG, TIFF with any number of frames): scans read by Tesseract OCR.

Each TIFF frame is a page, so citations say "S. 2" as for a PDF; a paragraph ends with its page
(a scanned page is read alone, its last line says nothing about the next page). Pillow only reads the header
when it opens a file, so an image too large for OCR (`max_image_pixels`, also Pillow's
decompression-bomb guard) is refused before a single pixel is decoded; a truncated file fails
when its pixels are loaded. Without OCR (switched off, Tesseract missing) the image is still
ingested, as a document without text that says why (`extraction_note`).
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ingest.errors import IngestError
from ingest.models import ParsedDocument
from ingest.parsers import messages, ocr
from ingest.parsers.base import register
from ingest.parsers.dates import find_document_date
from ingest.parsers.docmeta import title_from_blocks
from ingest.parsers.layout import Line, lines_to_blocks
from ingest.parsers.ocr_options import Extraction, OcrOptions, current, not_recognised, report
from ingest.parsers.pdf_lines import strip_running_lines

SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg", "TIFF": "tiff"}


class ImageParser:
    """Parses PNG, JPEG and (multi-page) TIFF files; see the module docstring."""

    format = "image"
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def sniff(self, head: bytes) -> bool:
        return head.startswith(SIGNATURES)

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        options = current()
        image = _open(data, name, options)
        fmt, frames = FORMATS.get(image.format or "", "image"), getattr(image, "n_frames", 1)
        why = ocr.unavailable(options)
        if why:
            note = not_recognised(list(range(1, frames + 1)) if frames > 1 else None, why)
            return ParsedDocument([], fmt, page_count=frames, extraction_note=note)
        pages, extraction = _recognise(image, name, options)
        blocks = lines_to_blocks([line for lines in strip_running_lines(pages) for line in [*lines, Line("")]])
        head = "\n".join(line.text for lines in pages[:2] for line in lines if not line.blank)
        return ParsedDocument(blocks, fmt, title_from_blocks(blocks), find_document_date(head), frames,
                              ocr_pages=extraction.ocr_pages, extraction_note=extraction.note)


def _open(data: bytes, name: str, options: OcrOptions) -> Image.Image:
    """The image with its header read; too large or unreadable ends here with a German message."""
    Image.MAX_IMAGE_PIXELS = options.max_image_pixels  # Pillow's own guard, at the same limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large(name, _stated_size(data), options) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise messages.corrupt(name, "Bild", exc) from exc
    _check_size(image, name, options)
    return image


def _stated_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the header alone (no pixel is decoded), for the message."""
    guard, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:
        return None
    finally:
        Image.MAX_IMAGE_PIXELS = guard


def _check_size(frame: Image.Image, name: str, options: OcrOptions) -> None:
    if frame.width * frame.height > options.max_image_pixels:
        raise too_large(name, frame.size, options)


def too_large(name: str, size: tuple[int, int] | None, options: OcrOptions) -> IngestError:
    shown = f"{size[0]:,} × {size[1]:,}".replace(",", ".") + " Pixel, " if size else ""
    return IngestError(
        f"'{name}' ist für die Texterkennung zu groß ({shown}Grenze {options.max_image_pixels / 1e6:.0f} Mio. "
        "Pixel). Bitte mit geringerer Auflösung (etwa 300 dpi) scannen oder speichern und erneut hochladen."
    )


def _recognise(image: Image.Image, name: str, options: OcrOptions) -> tuple[list[list[Line]], Extraction]:
    """OCR every frame; a frame that cannot be decoded makes the file corrupt."""
    pages: list[list[Line]] = []
    extraction = Extraction()
    for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
        _check_size(frame, name, options)
        try:
            frame.load()
            upright = ImageOps.exif_transpose(frame)  # a photo taken sideways says so in its EXIF data
        except (OSError, ValueError, SyntaxError) as exc:
            raise messages.corrupt(name, "Bild", exc) from exc
        read = ocr.recognise(upright, number, options, _dpi(frame))
        report(number, getattr(image, "n_frames", 1))
        pages.append(read.lines)
        extraction.record(number, read.lines, read.confidence, read.note)
    return pages, extraction


def _dpi(frame: Image.Image) -> int | None:
    """The resolution the file states, if plausible (Tesseract guesses 70 dpi otherwise)."""
    dpi = frame.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        return None
    return value if 70 <= value <= 2400 else None


register(ImageParser())
