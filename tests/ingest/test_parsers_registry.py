"""Choosing a parser by content, then extension; clear German errors for everything else."""

from __future__ import annotations

import pytest

from ingest.errors import EmptyDocument, IngestError, UnsupportedFormat
from ingest.parsers.base import choose_parser, parsers


def test_every_format_is_registered_in_a_safe_order():
    formats = [p.format for p in parsers()]
    assert formats == ["docx", "odf", "pptx", "xlsx", "msg", "pdf", "image", "gii-xml", "rtf", "html", "eml",
                       "markdown", "text"]


def test_unknown_binary_is_unsupported_with_a_german_message():
    gif = b"GIF89a\x10\x00\x10\x00\x80\x00\x00" + bytes(range(256))  # GIF: no scans come as GIF
    with pytest.raises(UnsupportedFormat) as caught:
        choose_parser(gif, "foto.gif")
    message = str(caught.value)
    assert "foto.gif" in message and "nicht unterstützt" in message


def test_binary_with_text_extension_is_unsupported():
    with pytest.raises(UnsupportedFormat):
        choose_parser(b"\x00\x01\x02binary\x00", "daten.txt")


def test_unknown_text_extension_is_unsupported():
    with pytest.raises(UnsupportedFormat, match=r"tabelle\.csv"):
        choose_parser(b"a;b;c\n1;2;3\n", "tabelle.csv")


@pytest.mark.parametrize("name", ["leer.pdf", "leer.docx", "leer.txt", "leer.md", "leer.xml",
                                  "leer.html", "leer.bin"])  # fmt: skip
def test_empty_file_gives_a_clear_message(name):
    with pytest.raises((EmptyDocument, UnsupportedFormat)) as caught:
        choose_parser(b"", name).parse(b"", name)
    assert name in str(caught.value)
    if not name.endswith(".bin"):
        assert isinstance(caught.value, EmptyDocument)
        assert "leer" in str(caught.value)


def test_html_named_txt_is_html_and_xml_law_named_html_is_law():
    assert choose_parser(b"  <!DOCTYPE html><html><p>x</p></html>", "export.txt").format == "html"
    law = b'<?xml version="1.0"?><dokumente><norm><metadaten><jurabk>X</jurabk>'
    assert choose_parser(law, "gesetz.html").format == "gii-xml"


@pytest.mark.parametrize("data", [b"\x00\x01\x02 nichts \xff", b"PK\x03\x04word/", b"%PDF-1.4",
                                  b"<dokumente><norm>", b"<html><p>", b"PK\x03\x04ppt/", b"PK\x03\x04xl/",
                                  b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/vnd.oasis.opendocument.text",
                                  b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
                                  b"From: a@b.de\nSubject: x\nDate: gestern\n\n"])  # fmt: skip
def test_parsers_fail_only_with_ingest_errors(data):
    """Whatever the bytes, a parser returns a document or raises an IngestError."""
    for parser in parsers():
        try:
            parser.parse(data, f"x{parser.extensions[0]}")
        except IngestError as error:
            assert str(error).startswith("'x")
