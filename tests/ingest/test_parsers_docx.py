"""DOCX parser on synthetic Word files made with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from ingest.errors import CorruptDocument, EmptyDocument
from ingest.parsers.base import choose_parser
from ingest.parsers.docx import DocxParser


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture()
def circular(tmp_path: Path) -> bytes:
    """A Rundschreiben with title, headings (built-in and German custom styles) and a table."""
    document = docx.Document()
    document.core_properties.title = "Rundschreiben 3/2025 – Kosten der Unterkunft"
    document.core_properties.author = "Kreisverwaltung Kusel"
    document.add_paragraph("Rundschreiben 3/2025", style="Title")
    document.add_paragraph("Kusel, 14. April 2025")
    document.add_heading("1. Ausgangslage", level=1)
    document.add_paragraph("Die Mietobergrenzen wurden überprüft.")
    document.add_heading("1.1 Angemessenheit", level=2)
    german = document.styles.add_style("Überschrift 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("1.1.1 Schlüssiges Konzept", style=german)
    derived = document.styles.add_style("Kapitel Südwest", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = document.styles["Heading 1"]
    document.add_paragraph("2. Ergebnis", style=derived)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Kreis", "Datum", "Ergebnis"], ["Kusel", "12.03.2025", "angepasst"],
                             ["Birkenfeld", "", "offen"]]):  # fmt: skip
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Liste: erster Punkt", style="List Bullet")
    data = save(document)
    (tmp_path / "rundschreiben.docx").write_bytes(data)
    return data


def test_headings_paragraphs_and_table_rows(circular):
    doc = DocxParser().parse(circular, "rundschreiben.docx")
    assert [(b.text, b.level) for b in doc.blocks] == [
        ("Rundschreiben 3/2025", 1),
        ("Kusel, 14. April 2025", 0),
        ("1. Ausgangslage", 1),
        ("Die Mietobergrenzen wurden überprüft.", 0),
        ("1.1 Angemessenheit", 2),
        ("1.1.1 Schlüssiges Konzept", 3),
        ("2. Ergebnis", 1),
        ("Kreis: Kusel | Datum: 12.03.2025 | Ergebnis: angepasst", 0),  # the header names each cell
        ("Kreis: Birkenfeld | Ergebnis: offen", 0),
        ("Liste: erster Punkt", 0),
    ]
    assert all(b.page is None for b in doc.blocks)


def test_core_properties_and_date(circular):
    doc = DocxParser().parse(circular, "rundschreiben.docx")
    assert doc.format == "docx"
    assert doc.title == "Rundschreiben 3/2025 – Kosten der Unterkunft"
    assert str(doc.date) == "2025-04-14"  # from the text, not the file's creation date
    assert doc.properties["author"] == "Kreisverwaltung Kusel"


def test_junk_core_title_falls_back_to_first_heading():
    document = docx.Document()
    document.core_properties.title = "Microsoft Word - Dokument1.docx"
    document.add_heading("Protokoll der Sitzung", level=1)
    document.add_paragraph("Beginn 10 Uhr.")
    assert DocxParser().parse(save(document), "p.docx").title == "Protokoll der Sitzung"


def test_sniff_needs_word_parts(circular):
    assert DocxParser().sniff(circular[:4096])
    assert choose_parser(circular, "rundschreiben.pdf").format == "docx"
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    not_word = choose_parser(other.getvalue(), "tabelle.xlsx")
    assert not_word.format == "xlsx"  # an Excel-like container, but no workbook in it
    with pytest.raises(CorruptDocument, match=r"tabelle\.xlsx"):
        not_word.parse(other.getvalue(), "tabelle.xlsx")


def test_damaged_zip_is_corrupt(circular):
    damaged = circular[:2000] + b"\x00" * 500 + circular[2500:6000]
    with pytest.raises(CorruptDocument, match=r"kaputt\.docx"):
        DocxParser().parse(damaged, "kaputt.docx")


def test_zip_without_document_part_is_corrupt():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("word/styles.xml", "<styles/>")
    with pytest.raises(CorruptDocument, match="Word"):
        DocxParser().parse(data.getvalue(), "halb.docx")


def test_document_without_text_is_empty():
    with pytest.raises(EmptyDocument, match=r"leer\.docx"):
        DocxParser().parse(save(docx.Document()), "leer.docx")
