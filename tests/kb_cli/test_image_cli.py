"""Photographed and scanned pages as image files through `kb ingest` and `kb search` (acceptance
of issue 18): a PNG and a two-page TIFF are read by Tesseract, found by their words, and the hit
names the pages it stands on."""

from __future__ import annotations

import json

import pytest

from ingest.parsers import ocr
from ingest.parsers.ocr_options import OcrOptions
from tests.ingest.ocr_samples import encoded, multipage_tiff, text_page

pytestmark = pytest.mark.skipif(ocr.unavailable(OcrOptions()) is not None, reason="Tesseract (deu) fehlt")


def search(cli, query: str) -> list[dict]:
    return json.loads(cli("search", query, "--mode", "lexical", "--json").output)["results"]


def test_kb_ingest_reads_png_and_tiff_and_kb_search_finds_their_pages(cli, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "aushang.png").write_bytes(encoded(text_page([["Aushang Sprechzeiten"],
                                                               ["Die Sprechzeiten im Jobcenter sind montags",
                                                                "bis freitags von 8 bis 12 Uhr."]]), "PNG"))
    (folder / "protokoll.tiff").write_bytes(multipage_tiff([
        text_page([["Protokoll der Teambesprechung"], ["Die Heizkosten werden in tatsächlicher Höhe übernommen."]]),
        text_page([["Der Mehrbedarf für Warmwasser wird gesondert berücksichtigt."]])]))
    report = json.loads(cli("ingest", folder, "--json").output)
    assert sorted((f["path"].rsplit("/", 1)[-1], f["status"]) for f in report["files"]) == [
        ("aushang.png", "added"), ("protokoll.tiff", "added")]
    notice = search(cli, "Sprechzeiten montags")[0]
    assert (notice["source"], notice["page"]) == ("aushang.png", 1)
    warm = search(cli, "Mehrbedarf Warmwasser")[0]  # both short pages make one passage, pages 1–2
    assert (warm["source"], warm["title"], warm["page"], warm["page_end"]) == (
        "protokoll.tiff", "Protokoll der Teambesprechung", 1, 2)
    assert "Der Mehrbedarf für Warmwasser wird gesondert berücksichtigt." in warm["text"]
    assert warm["ocr_confidence"] > 80
