"""Text in the encodings offices save it in: UTF-16 with BOM (Notepad's and Excel's "Unicode"),
UTF-32 with BOM, UTF-8 with and without BOM, Windows-1252/Latin-1. Real bytes, through the
registry, the parsers and the chunker; one file also through the upload API."""

from __future__ import annotations

import codecs

import pytest
from fastapi.testclient import TestClient

from ingest.chunking import Chunker
from ingest.errors import UnsupportedFormat
from ingest.parsers.base import choose_parser, sniffable_head
from ingest.pipeline import prepare
from tests.webui.logins import bearer
from webui.app import create_app

TEXT = ("# Kosten der Unterkunft\n\nDie Übernahme der Heizkosten für Familien – nach § 22 SGB II – "
        "ist geregelt. Größere Wohnungen (über 90 m²) prüft das Jobcenter.\n")
HTML = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Heizkosten für Familien</title></head>"
        "<body><h1>Übernahme</h1><p>Die Heizkosten für Familien – § 22 SGB II – übernimmt das Jobcenter.</p>"
        "</body></html>")
ENCODINGS = {  # name: (codec, BOM)
    "utf-16-le": ("utf-16-le", codecs.BOM_UTF16_LE), "utf-16-be": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32-le": ("utf-32-le", codecs.BOM_UTF32_LE), "utf-8-bom": ("utf-8", codecs.BOM_UTF8),
    "utf-8": ("utf-8", b""), "latin-1": ("cp1252", b""),
}


def _bytes(text: str, encoding: str) -> bytes:
    codec, bom = ENCODINGS[encoding]
    return bom + text.encode(codec)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(("name", "fmt"), [("notiz.txt", "text"), ("notiz.md", "markdown")])
def test_text_and_markdown_are_read_in_every_encoding(encoding, name, fmt):
    data = _bytes(TEXT, encoding)
    prepared = prepare(data, name, Chunker())
    assert prepared.meta.format == fmt
    body = " ".join(c.text for c in prepared.chunks)
    assert "Übernahme der Heizkosten für Familien – nach § 22 SGB II" in body and "90 m²" in body
    assert "\x00" not in body and "\ufeff" not in body


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_html_is_recognised_by_content_in_every_encoding(encoding):
    data = _bytes(HTML, encoding)
    assert choose_parser(data, "seite.txt").format == "html"  # the content decides, not the name
    prepared = prepare(data, "seite.html", Chunker())
    assert prepared.meta.title == "Heizkosten für Familien"
    assert "übernimmt das Jobcenter" in prepared.chunks[0].text


def test_the_head_of_wide_text_is_sniffed_as_utf8_and_binary_stays_refused():
    assert sniffable_head(codecs.BOM_UTF16_LE + "Grüße".encode("utf-16-le")) == "Grüße".encode()
    assert sniffable_head(b"%PDF-1.7") == b"%PDF-1.7"
    for binary in (b"\x00\x01\x02 Daten \x00", b"GIF89a\x10\x00\x10\x00\x80\x00\x00"):  # PNG is an image format now
        with pytest.raises(UnsupportedFormat):
            choose_parser(binary, "daten.txt")


def test_a_utf16_upload_is_stored_and_found(fake_kb):
    client = TestClient(create_app(fake_kb), headers=bearer(fake_kb))
    files = {"files": ("heizkosten.txt", _bytes(TEXT, "utf-16-le"), "text/plain")}
    outcome = client.post("/api/documents", files=files)
    assert outcome.status_code == 200, outcome.text
    hits = client.get("/api/search", params={"q": "Heizkosten Familien", "mode": "lexical"}).json()["results"]
    assert hits and "Übernahme der Heizkosten für Familien" in hits[0]["text"]
