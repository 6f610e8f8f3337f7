"""OCR of scans with the real Tesseract: images (PNG, JPEG, multi-page TIFF), mixed PDFs, OCR
off or missing, a page over its time limit, and image files that are too large or damaged."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ingest.errors import CorruptDocument, EmptyDocument, IngestError
from ingest.parsers import ocr
from ingest.parsers.base import choose_parser
from ingest.parsers.ocr_options import OcrOptions
from ingest.pipeline import parse_bytes
from tests.ingest.ocr_samples import encoded, image_pdf, multipage_tiff, png_claiming, text_page

pytestmark = pytest.mark.skipif(ocr.unavailable(OcrOptions()) is not None, reason="Tesseract (deu) fehlt")

HEADING = "Protokoll der Teambesprechung"
BODY = ["Die Heizkosten werden in tatsächlicher", "Höhe übernommen, soweit sie angemessen sind."]
PAGE_TWO = ["Der Mehrbedarf für Warmwasser wird gesondert", "berücksichtigt."]


@pytest.fixture(scope="module")
def first_page():
    return text_page([[HEADING], BODY])


def texts(doc) -> list[tuple[int | None, str]]:
    return [(b.page, b.text) for b in doc.blocks]


def test_png_is_read_with_its_exact_text_and_confidence(first_page):
    doc = parse_bytes(encoded(first_page, "PNG"), "scan.png")
    assert doc.format == "png" and doc.page_count == 1 and doc.title == HEADING
    assert texts(doc) == [(1, HEADING), (1, " ".join(BODY))]
    assert [p["page"] for p in doc.ocr_pages] == [1] and doc.ocr_pages[0]["confidence"] > 80
    assert doc.extraction_note is None


def test_multipage_tiff_reads_each_frame_as_its_page(first_page):
    data = multipage_tiff([first_page, text_page([PAGE_TWO])])
    doc = parse_bytes(data, "akte.tiff")
    assert doc.format == "tiff" and doc.page_count == 2
    assert texts(doc) == [(1, HEADING), (1, " ".join(BODY)), (2, " ".join(PAGE_TWO))]
    assert [p["page"] for p in doc.ocr_pages] == [1, 2]


def test_image_is_recognised_by_content_not_name(first_page):
    data = encoded(first_page.convert("RGB"), "JPEG", quality=90)
    assert choose_parser(data, "scan.txt").format == "image"
    assert parse_bytes(data, "scan.txt").format == "jpeg"


def test_mixed_pdf_ocrs_only_the_page_without_text(first_page):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(60, 780, "Seite eins hat eine Textebene und wird nicht erkannt, sondern gelesen.")
    pdf.showPage()
    pdf.drawImage(ImageReader(first_page), 0, 0, width=A4[0], height=A4[0] * 1100 / 1700)
    pdf.showPage()
    pdf.save()
    doc = parse_bytes(buffer.getvalue(), "gemischt.pdf")
    assert [p["page"] for p in doc.ocr_pages] == [2]
    assert doc.blocks[0].page == 1 and doc.blocks[0].text.startswith("Seite eins hat eine Textebene und wird nicht")
    assert " ".join(text for page, text in texts(doc) if page == 2) == " ".join(BODY)
    assert HEADING in doc.text  # a paragraph may run on across pages, as in any PDF


@pytest.mark.parametrize("kind", ["pdf", "png"])
def test_without_ocr_a_scan_keeps_a_note_instead_of_text(first_page, kind, monkeypatch):
    data = image_pdf([first_page]) if kind == "pdf" else encoded(first_page, "PNG")
    off = parse_bytes(data, f"scan.{kind}", ocr=OcrOptions(mode="off"))
    assert off.blocks == [] and off.ocr_pages is None
    where = "Seite 1" if kind == "pdf" else "Bild"
    assert off.extraction_note == (f"Kein Text erkannt: {where} ohne Textebene, Texterkennung (OCR) ist "
                                   "ausgeschaltet (KB_OCR=off).")
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    missing = parse_bytes(data, f"scan.{kind}")
    assert "Texterkennung (OCR) ist nicht verfügbar (Tesseract ist nicht installiert)" in missing.extraction_note


def test_a_page_over_its_time_limit_gets_a_note_not_a_hang(first_page):
    doc = parse_bytes(image_pdf([first_page]), "scan.pdf", ocr=OcrOptions(page_timeout=0.01))
    assert doc.blocks == [] and doc.ocr_pages is None
    assert doc.extraction_note.startswith("Seite 1: Texterkennung nach 0,01 s abgebrochen (Zeitgrenze)")


def test_an_image_over_the_pixel_limit_is_refused_before_decoding():
    with pytest.raises(IngestError, match=r"'riesig\.png' ist für die Texterkennung zu groß \(20\.000 × 20\.000 Pixel"):
        parse_bytes(png_claiming(20_000, 20_000), "riesig.png")
    with pytest.raises(IngestError, match=r"zu groß \(3\.000 × 2\.000 Pixel, Grenze 5 Mio"):
        parse_bytes(png_claiming(3000, 2000), "gross.png", ocr=OcrOptions(max_image_pixels=5_000_000))


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_truncated_image_is_corrupt(first_page, fmt):
    data = encoded(first_page, fmt)
    with pytest.raises(CorruptDocument, match=r"'kaputt\.bild' ist beschädigt oder keine gültige Bild-Datei"):
        parse_bytes(data[: len(data) // 2], "kaputt.bild")


def test_empty_image_file_says_it_is_empty():
    with pytest.raises(EmptyDocument, match=r"'leer\.png' ist leer \(0 Bytes"):
        parse_bytes(b"", "leer.png")


def test_tsv_lines_paragraphs_and_weighted_confidence():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = ["5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tEin", "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t60\tWort",
            "4\t1\t1\t1\t2\t0\t0\t0\t1\t1\t-1\t", "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t100\tweiter",
            "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t100\tNeu", "5\t1\t2\t1\t1\t2\t0\t0\t1\t1\t95\t "]
    page = ocr.parse_tsv("\n".join([header, *rows]), 3)
    assert [(line.text, line.page) for line in page.lines] == [
        ("Ein Wort", 3), ("weiter", 3), ("", 3), ("Neu", 3)]
    assert page.confidence == round((90 * 3 + 60 * 4 + 100 * 6 + 100 * 3) / 16, 1)


@pytest.mark.parametrize(("read", "meant"), [
    ("nach 8 16 SGB Il", "nach § 16 SGB II"), ("den $$ 67, 68 SGB XII", "den §§ 67, 68 SGB XII"),
    ("i. S. d. 8 35 sind", "i. S. d. § 35 sind"), ("8 22 Abs. 1", "§ 22 Abs. 1"), ("SGB Xll", "SGB XII"),
    ("um 8 16 Uhr", "um 8 16 Uhr"), ("Seite 8 von 10", "Seite 8 von 10"), ("2018 10 SGB II", "2018 10 SGB II"),
])
def test_section_signs_and_book_numbers_misread_by_tesseract_are_repaired(read, meant):
    assert ocr.repair(read) == meant


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_a_page_scanned_on_its_side_or_upside_down_is_turned_and_read(first_page, turned):
    doc = parse_bytes(encoded(first_page.rotate(turned, expand=True), "PNG"), "gedreht.png")
    assert texts(doc) == [(1, HEADING), (1, " ".join(BODY))]
    assert doc.ocr_pages[0]["confidence"] > 80


def test_an_upright_page_read_well_is_not_asked_for_its_orientation(first_page, monkeypatch):
    asked = []
    monkeypatch.setattr(ocr, "orientation", lambda image, options: asked.append(1) or 0)
    parse_bytes(encoded(first_page, "PNG"), "scan.png")
    assert asked == []
