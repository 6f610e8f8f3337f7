"""`kb ingest` with KB_OCR=off: the scan is ingested, and the report says why it has no text."""

from __future__ import annotations

import json

from tests.ingest.ocr_samples import encoded, text_page


def test_ocr_off_ingests_the_scan_with_a_note(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_OCR", "off")
    scan = tmp_path / "eingang.png"
    scan.write_bytes(encoded(text_page([["Ein eingescannter Vermerk"]]), "PNG"))
    out = cli("ingest", scan).output
    assert "Hinweis zu" in out and "eingang.png: Kein Text erkannt: Bild ohne Textebene, Texterkennung (OCR) ist " \
        "ausgeschaltet (KB_OCR=off)." in " ".join(out.split())
    stats = json.loads(cli("stats", "--json").output)
    assert stats["documents"] == 1 and stats["chunks"] == 0 and stats["by_format"] == {"png": 1}
