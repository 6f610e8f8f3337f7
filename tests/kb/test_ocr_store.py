"""Scans in the store (SQLite and PostgreSQL): OCR'd pages and notes are kept with the document,
shown on its page, in the job result and on hits; bad images change nothing stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ingest.parsers import ocr
from ingest.parsers.ocr_options import OcrOptions
from kb.ocr_config import ScanSettings
from kb.services.knowledge_base import KnowledgeBase
from kb.services.schemas import SearchQuery
from tests.ingest.ocr_samples import encoded, image_pdf, multipage_tiff, png_claiming, text_page
from webui.app import create_app

pytestmark = pytest.mark.skipif(ocr.unavailable(OcrOptions()) is not None, reason="Tesseract (deu) fehlt")
NOTE = "Kein Text erkannt: Seite 1 ohne Textebene, Texterkennung (OCR) ist ausgeschaltet (KB_OCR=off)."


@pytest.fixture(scope="module")
def scan_pdf() -> bytes:
    return image_pdf([text_page([["Protokoll der Dienstbesprechung"],
                                 ["Die Mietkaution wird als Darlehen", "an die Vermieterin gezahlt."]])])


def kb_with(settings, **scans) -> KnowledgeBase:
    return KnowledgeBase(settings.model_copy(update={"scans": ScanSettings(**scans)}))


def test_scan_without_ocr_is_kept_with_its_note_and_read_again_once_ocr_runs(settings, tmp_path, scan_pdf):
    path = tmp_path / "protokoll-scan.pdf"
    path.write_bytes(scan_pdf)
    kb = kb_with(settings, ocr="off")
    try:
        outcome = kb.ingesting.ingest([path]).files[0]
        assert (outcome.status, outcome.reason, outcome.chunks) == ("added", NOTE, 0)
        doc = kb.documents.detail(outcome.document_id)
        assert doc.extraction_note == NOTE and doc.ocr_pages == [] and doc.chunk_count == 0
        page = TestClient(create_app(kb)).get(f"/dokument/{outcome.document_id}").text
        assert "protokoll-scan.pdf" in page and NOTE in page
        assert kb.ingesting.ingest([path]).files[0].status == "unchanged"  # still off: nothing to gain
    finally:
        kb.close()
    kb = kb_with(settings)
    try:
        again = kb.ingesting.ingest([path]).files[0]
        assert again.status == "replaced" and again.chunks == 1
        assert again.reason.startswith("Texterkennung (OCR) auf Seite 1 (Sicherheit ")
        doc = kb.documents.detail(again.document_id)
        assert doc.extraction_note is None and [p.page for p in doc.ocr_pages] == [1]
        assert "Die Mietkaution wird als Darlehen an die Vermieterin gezahlt." in doc.chunks[0].text
    finally:
        kb.close()


def test_low_confidence_pages_are_marked_on_the_document_page_and_hits(settings, tmp_path):
    path = tmp_path / "akte.tif"
    path.write_bytes(multipage_tiff([text_page([["Erste Seite der Akte"]]),
                                     text_page([["Der Bewilligungsbescheid wurde aufgehoben."]])]))
    kb = kb_with(settings, ocr_low_confidence=99.9)  # every page is "unsicher"
    try:
        outcome = kb.ingesting.ingest([path]).files[0]
        assert outcome.status == "added" and outcome.pages == 2
        doc = kb.documents.detail(outcome.document_id)
        assert [(p.page, p.uncertain) for p in doc.ocr_pages] == [(1, True), (2, True)]
        assert all(c.ocr_uncertain for c in doc.chunks)
        client = TestClient(create_app(kb))
        page = client.get(f"/dokument/{outcome.document_id}").text
        assert "Texterkennung (OCR)" in page and page.count("Texterkennung unsicher") >= 3
        hit = kb.searching.search(SearchQuery(text="Bewilligungsbescheid aufgehoben", mode="lexical")).results[0]
        assert hit.document_id == outcome.document_id and hit.ocr_confidence is not None
        assert "Scan (OCR)" in client.get("/", params={"q": "Bewilligungsbescheid aufgehoben"}).text
    finally:
        kb.close()


def test_bad_images_fail_with_a_german_reason_and_change_nothing(fake_kb, tmp_path):
    good = encoded(text_page([["Ein Vermerk"]]), "TIFF")
    files = {"riesig.png": png_claiming(20_000, 20_000), "kaputt.tif": good[: len(good) // 2], "leer.png": b""}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = fake_kb.admin.stats(with_index=False)
    report = fake_kb.ingesting.ingest([tmp_path / name for name in files])
    reasons = {f.path.rsplit("/", 1)[-1]: f.reason for f in report.files if f.status == "failed"}
    assert set(reasons) == set(files)
    assert "ist für die Texterkennung zu groß (20.000 × 20.000 Pixel, Grenze 100 Mio. Pixel)" in reasons["riesig.png"]
    assert "ist beschädigt oder keine gültige Bild-Datei" in reasons["kaputt.tif"]
    assert reasons["leer.png"] == "Datei ist leer (0 Bytes)"
    after = fake_kb.admin.stats(with_index=False)
    assert (after.documents, after.chunks) == (before.documents, before.chunks) == (0, 0)
