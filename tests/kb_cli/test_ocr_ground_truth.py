"""OCR against ground truth: two body-text pages of a real BMAS circular are rasterised at 300 dpi
and saved as an image-only PDF (a scan); what Tesseract reads is compared with the circular's own
text layer (character error rate), and `kb ingest` + `kb search` find a sentence on its page."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader, PdfWriter
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ingest.parsers import ocr
from ingest.parsers.ocr_options import OcrOptions
from ingest.parsers.pdf import PdfParser
from ingest.pipeline import parse_bytes
from tests.ingest.ocr_samples import image_pdf, rasterise

pytestmark = pytest.mark.skipif(ocr.unavailable(OcrOptions()) is not None, reason="Tesseract (deu) fehlt")
PAGES = [5, 6]  # body text: paragraphs (1) … (4) of 35.1.2 / 35.1.2.1, no table of contents
SENTENCE = "bestünde im Oktober 2021 rechnerisch ein Anspruch auf Grundsicherung"  # on page 6


@pytest.fixture(scope="module")
def circular(real_pdfs):
    return real_pdfs / "bmas-rundschreiben" / "RS_BMAS_2024-01_Par_35_SGB_XII.pdf"


@pytest.fixture(scope="module")
def pages_digital_and_scanned(circular) -> tuple[bytes, bytes]:
    """The two pages as they are (text layer) and as a scan of them (images only)."""
    reader, writer = PdfReader(circular), PdfWriter()
    for number in PAGES:
        writer.add_page(reader.pages[number - 1])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), image_pdf(rasterise(circular, PAGES))


def body_text(doc) -> str:
    return " ".join(" ".join(b.text for b in doc.blocks).split())


def test_recognised_text_matches_the_text_layer(pages_digital_and_scanned):
    digital, scanned = pages_digital_and_scanned
    assert all(not page.extract_text().strip() for page in PdfReader(io.BytesIO(scanned)).pages)
    truth = body_text(PdfParser().parse(digital, "original.pdf"))
    doc = parse_bytes(scanned, "scan.pdf")
    assert [p["page"] for p in doc.ocr_pages] == [1, 2] and min(p["confidence"] for p in doc.ocr_pages) > 85
    read = body_text(doc)
    start = fuzz.partial_ratio_alignment(truth[:80], read).dest_start  # the letterhead logo is only in the scan
    cer = Levenshtein.distance(truth, read[start:]) / len(truth)
    assert len(truth) > 6000 and cer <= 0.03, f"Zeichenfehlerrate {cer:.2%}"


def test_kb_ingest_and_search_find_the_sentence_on_its_page(cli, tmp_path, pages_digital_and_scanned):
    scan = tmp_path / "rundschreiben-scan.pdf"
    scan.write_bytes(pages_digital_and_scanned[1])
    report = json.loads(cli("ingest", scan, "--json").output)
    outcome = report["files"][0]
    assert outcome["status"] == "added" and outcome["pages"] == 2
    assert outcome["reason"].startswith("Texterkennung (OCR) auf Seite 1 (Sicherheit ")
    hits = json.loads(cli("search", SENTENCE, "--mode", "lexical", "--json").output)["results"]
    assert hits and hits[0]["source"] == "rundschreiben-scan.pdf"
    on_page = [n for n, page in enumerate(PdfReader(io.BytesIO(pages_digital_and_scanned[0])).pages, start=1)
               if SENTENCE in " ".join(page.extract_text().split())]
    assert on_page == [2]  # page 6 of the circular, page 2 of the scan
    assert hits[0]["page"] <= 2 <= (hits[0]["page_end"] or hits[0]["page"]) and SENTENCE in hits[0]["text"]
    assert hits[0]["ocr_confidence"] > 85
