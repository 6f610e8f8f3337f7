"""A "scanned" document: the PDF rendering, signed, stamped and printed to paper, then scanned.

Minutes are signed on paper and filed as scans; such a file has no text layer, only page images,
and exercises OCR. The page is rendered from the PDF (pypdfium2, 200 dpi, grey), a hand-drawn
signature and an incoming-mail stamp are added, the page is turned by a fraction of a degree as
a sheet on a scanner glass is, and saved as an image-only PDF (JPEG pages, as scanners write).
Deterministic: no randomness, no dates but the document's.
"""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
from markup import Source
from PIL import Image, ImageDraw, ImageFont
from profiles import Profile
from render_pdf import _FONT_DIR, render_pdf

DPI = 200


def render_scan(src: Source, prof: Profile) -> tuple[bytes, int]:
    data, _ = render_pdf(src, prof)
    doc = pdfium.PdfDocument(data)
    try:
        pages = [doc[i].render(scale=DPI / 72, grayscale=True).to_pil() for i in range(len(doc))]
    finally:
        doc.close()
    _sign(pages[-1], src)
    scanned = [p.rotate(0.4, resample=Image.BICUBIC, fillcolor=255).convert("RGB") for p in pages]
    out = io.BytesIO()
    scanned[0].save(out, "PDF", save_all=True, append_images=scanned[1:], resolution=DPI, quality=80,
                    title=src.title, creationDate=_date(src), modDate=_date(src))
    return out.getvalue(), len(pages)


def _date(src: Source):
    """The document's day as Pillow writes PDF dates (a struct_time)."""
    from datetime import datetime

    return datetime(src.date.year, src.date.month, src.date.day, 9, 0).timetuple()


def _sign(page: Image.Image, src: Source) -> None:
    """A signature stroke under the last text line ("gez. …") and a stamp beside it, clear of the text."""
    draw = ImageDraw.Draw(page)
    bottom = _last_ink_row(page)
    x0, y0 = int(page.width * 0.12), bottom + 70
    stroke = [(x0 + t * 3.2, y0 + 22 * math.sin(t / 6.5) + 9 * math.sin(t / 2.1)) for t in range(110)]
    draw.line(stroke, fill=40, width=4, joint="curve")
    font = ImageFont.truetype(f"{_FONT_DIR}/VeraBd.ttf", 26)
    box = (int(page.width * 0.62), bottom + 60, int(page.width * 0.62) + 380, bottom + 160)
    draw.rectangle(box, outline=90, width=4)
    draw.text((box[0] + 22, box[1] + 14), "EINGEGANGEN", fill=90, font=font)
    draw.text((box[0] + 22, box[1] + 52), f"{src.date.day + 2:02d}.{src.date.month:02d}.{src.date.year}", fill=90,
              font=font)


def _last_ink_row(page: Image.Image) -> int:
    """The lowest row with text above the footer (the footer sits in the bottom 8 %)."""
    body = page.crop((0, 0, page.width, int(page.height * 0.9)))
    rows = [y for y in range(body.height - 1, 0, -2) if body.crop((0, y, body.width, y + 1)).getextrema()[0] < 128]
    return rows[0] if rows else int(page.height * 0.8)
