"""A file that cannot be read gets a German reason; what the library said (English, technical)
goes to the log for the administrator, never into the message a caseworker reads."""

from __future__ import annotations

import logging
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from ingest.chunking import Chunker
from ingest.errors import CorruptDocument, IngestError
from ingest.metadata import read_sidecar
from ingest.parsers.text import TextParser
from ingest.pipeline import parse_bytes, prepare_path, read_file


def _docx_without_body() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/styles.xml", "<w:styles/>")
    return out.getvalue()


DAMAGED = {  # name: (bytes, what the library says)
    "abgeschnitten.pdf": (b"%PDF-1.7\n1 0 obj<</Type/Catalog", "Stream has ended unexpectedly"),
    "kein-zip.docx": (b"PK\x03\x04word/" + b"\x00" * 64, "zip file"),
    "ohne-dokument.docx": (_docx_without_body(), "word/document.xml"),
    "kaputt.xml": (b'<?xml version="1.0"?><dokumente><norm><metadaten>&</metadaten>', "xmlParseEntityRef"),
}


@pytest.mark.parametrize("name", DAMAGED)
def test_damaged_files_get_a_german_reason_and_the_detail_is_logged(name, caplog):
    data, library_words = DAMAGED[name]
    with caplog.at_level(logging.WARNING), pytest.raises(CorruptDocument) as caught:
        parse_bytes(data, name)
    message = str(caught.value)
    assert f"'{name}' ist beschädigt" in message and "neu speichern" in message
    assert library_words not in message and "Error" not in message
    assert library_words in caplog.text


def test_an_unforeseen_library_error_is_german_for_the_user_and_kept_in_the_log(monkeypatch, caplog):
    def explode(self, data, name):
        raise ValueError("Invalid object in /Pages")

    monkeypatch.setattr(TextParser, "parse", explode)
    with caplog.at_level(logging.WARNING), pytest.raises(CorruptDocument) as caught:
        parse_bytes(b"Ein ganz normaler Text.", "notiz.txt")
    assert "'notiz.txt' konnte nicht gelesen werden" in str(caught.value)
    assert "Invalid object" not in str(caught.value) and "ValueError" not in str(caught.value)
    assert "ValueError: Invalid object in /Pages" in caplog.text


def test_os_errors_and_broken_sidecars_are_explained_in_german(tmp_path: Path):
    with pytest.raises(IngestError) as missing:
        read_file(tmp_path / "fehlt.txt", 1000)
    assert str(missing.value) == "Datei nicht lesbar (nicht vorhanden)"
    with pytest.raises(IngestError) as folder:
        prepare_path(tmp_path, Chunker())
    assert str(folder.value) == "Datei nicht lesbar (ist ein Ordner)"
    doc = tmp_path / "a.md"
    doc.write_text("# A\n\nText.", encoding="utf-8")
    sidecar = tmp_path / "a.md.meta.json"
    sidecar.write_text('{"district": "Kusel",}', encoding="utf-8")
    with pytest.raises(IngestError) as bad_json:
        read_sidecar(doc)
    assert str(bad_json.value) == "Metadaten-Datei a.md.meta.json ist kein gültiges JSON (Zeile 1, Spalte 22)"
    sidecar.write_bytes('{"title": "Übergang"}'.encode("cp1252"))
    with pytest.raises(IngestError, match="nicht als UTF-8 gespeichert"):
        read_sidecar(doc)
