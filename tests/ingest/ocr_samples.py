"""Images and scans for the OCR tests, made on the spot: clear text drawn with Pillow, real PDF
pages rasterised with pypdfium2, image-only PDFs, and files that lie about their size."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def text_page(paragraphs: list[list[str]], size: tuple[int, int] = (1700, 1100), points: int = 40) -> Image.Image:
    """A white page with black lines of text, a gap between paragraphs (like a 200-dpi scan)."""
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), points)
    y = 100
    for lines in paragraphs:
        for line in lines:
            draw.text((120, y), line, fill=0, font=font)
            y += int(points * 1.5)
        y += points
    return page


def encoded(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def multipage_tiff(pages: list[Image.Image]) -> bytes:
    return encoded(pages[0], "TIFF", save_all=True, append_images=pages[1:], compression="tiff_lzw", dpi=(200, 200))


def image_pdf(pages: list[Image.Image], dpi: int = 300) -> bytes:
    """An image-only PDF: every page one picture, no text layer (what a scanner writes)."""
    return encoded(pages[0].convert("RGB"), "PDF", save_all=True, append_images=[p.convert("RGB") for p in pages[1:]],
                   resolution=dpi)


def rasterise(pdf: bytes | Path, numbers: list[int], dpi: int = 300) -> list[Image.Image]:
    """Pages (1-based) of a real PDF as grey images."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[n - 1].render(scale=dpi / 72, grayscale=True).to_pil() for n in numbers]
    finally:
        doc.close()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header says width × height (its pixel data is missing)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body
