"""OCR speed and accuracy on this machine: pages of a real circular rasterised to a scan.

Usage: python bench/ocr.py [--pages 5-10] [--dpi 300] [--compare-threads]

Pages of the BMAS circular RS 2024/01 (body text) are rendered with pypdfium2 and saved as an
image-only PDF; the PDF parser then OCRs every page with Tesseract (deu), exactly as `kb ingest`
does. Prints pages/s, the confidence per page and the character error rate (CER) against the
circular's own text layer. `--compare-threads` runs the same pages once more with Tesseract's
OpenMP threads unlimited (what pytesseract or ocrmypdf would do) to show why they are limited to one.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CIRCULAR = REPO.parent / "shared" / "corpus-real" / "pdf" / "bmas-rundschreiben" / "RS_BMAS_2024-01_Par_35_SGB_XII.pdf"


def page_range(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def digital_and_scan(numbers: list[int], dpi: int) -> tuple[bytes, bytes]:
    from pypdf import PdfReader, PdfWriter

    from tests.ingest.ocr_samples import image_pdf, rasterise

    reader, writer = PdfReader(CIRCULAR), PdfWriter()
    for n in numbers:
        writer.add_page(reader.pages[n - 1])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), image_pdf(rasterise(CIRCULAR, numbers, dpi), dpi)


def cer(truth: str, read: str) -> float:
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    start = fuzz.partial_ratio_alignment(truth[:80], read).dest_start  # the logo text is only in the scan
    return Levenshtein.distance(truth, read[start:]) / len(truth)


def run(scan: bytes, truth: str, label: str, dpi: int) -> None:
    from ingest.parsers.ocr_options import OcrOptions
    from ingest.pipeline import parse_bytes

    started = time.perf_counter()
    doc = parse_bytes(scan, "scan.pdf", OcrOptions(dpi=dpi))
    seconds = time.perf_counter() - started
    read = " ".join(" ".join(b.text for b in doc.blocks).split())
    pages = len(doc.ocr_pages or [])
    confidences = ", ".join(f"{p['confidence']:.0f}" for p in doc.ocr_pages or [])
    print(f"{label}: {pages} Seiten in {seconds:.1f} s = {pages / seconds:.2f} Seiten/s "
          f"({seconds / pages:.1f} s/Seite); Sicherheit je Seite {confidences}; CER {cer(truth, read):.2%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default="5-10", help="Seiten des Rundschreibens, z. B. 5-10")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--compare-threads", action="store_true")
    args = parser.parse_args()

    from ingest.parsers import ocr
    from ingest.parsers.pdf import PdfParser

    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} Kerne, Python {platform.python_version()}")
    digital, scan = digital_and_scan(page_range(args.pages), args.dpi)
    truth = " ".join(" ".join(b.text for b in PdfParser().parse(digital, "original.pdf").blocks).split())
    run(scan, truth, f"{args.dpi} dpi, OMP_THREAD_LIMIT=1", args.dpi)
    if args.compare_threads:
        ocr._ENV = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
        run(scan, truth, f"{args.dpi} dpi, OpenMP-Threads unbegrenzt", args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
