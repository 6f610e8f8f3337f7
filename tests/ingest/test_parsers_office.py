"""XLSX, PPTX, ODT, ODS and ODP on files built with the libraries themselves: exact text,
metadata and sheet/slide numbers; damaged, encrypted and zip-bomb variants fail in German."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from ingest import limits
from ingest.chunking import Chunker
from ingest.errors import CorruptDocument, EncryptedDocument
from ingest.limits import LimitExceeded, Limits
from ingest.parsers.base import choose_parser
from ingest.parsers.container import Container, ContainerBreach, ZipBounds, container_kind, read_member
from ingest.pipeline import parse_bytes
from tests import office_files as files


def texts(doc):
    return [(b.text, b.page, b.level) for b in doc.blocks]


def test_xlsx_one_section_per_sheet_rows_keyed_by_header():
    doc = parse_bytes(files.xlsx_bytes(), "mittel.xlsx")
    assert doc.format == "xlsx" and doc.page_count == 2
    assert doc.title == "Eingliederungsmittel 2026" and doc.date == date(2026, 1, 15)
    assert texts(doc) == [
        ("Mittel 2026", 1, 1),
        ("Eingliederungsmittel 2026 nach Kreisen (erfunden)", 1, 0),
        ("Kreis: Kusel | Jahr: 2026 | Eingliederungsmittel: 1.234.000 € | Anteil: 12,5 %", 1, 0),
        ("Kreis: Saarlouis | Jahr: 2026 | Eingliederungsmittel: 2.345.678,50 € | Anteil: 25,0 %", 1, 0),
        ("Hinweise", 2, 1),
        ("Die Zahlen sind erfunden und dienen nur dem Test.", 2, 0),
    ]


def test_xlsx_chunks_keep_header_with_every_row():
    """However small the chunks, each carries the column names of its rows."""
    chunks = Chunker(max_tokens=40, overlap_tokens=0).chunk(parse_bytes(files.xlsx_bytes(), "mittel.xlsx"))
    rows = [c for c in chunks if "Kreis:" in c.text]
    assert len(rows) == 2 and all("Eingliederungsmittel:" in c.text for c in rows)
    assert rows[0].heading_path == ("Mittel 2026",) and rows[0].page_start == 1


def test_pptx_slides_titles_tables_and_notes():
    doc = parse_bytes(files.pptx_bytes(), "schulung.pptx")
    assert doc.format == "pptx" and doc.page_count == 3
    assert doc.title == "Schulung Kosten der Unterkunft" and doc.date == date(2026, 2, 10)
    assert texts(doc) == [
        ("Angemessenheit der Unterkunft", 1, 1),
        ("Mietobergrenze nach schlüssigem Konzept", 1, 0),
        ("Heizkosten gesondert prüfen", 1, 0),
        ("Notizen: Auf die Karenzzeit nach § 22 Abs. 1 SGB II hinweisen.", 1, 0),
        ("Fallzahlen", 2, 1),
        ("Kreis: Kusel | Fälle: 412", 2, 0),
        ("Kreis: Vulkaneifel | Fälle: 388", 2, 0),
        ("Folie 3", 3, 1),
        ("Fragen und Antworten zur Zahlbarmachung", 3, 0),
    ]


def test_odt_headings_paragraphs_lists_and_tables():
    doc = parse_bytes(files.odt_bytes(), "rundschreiben.odt")
    assert doc.format == "odt" and doc.page_count is None  # no page breaks laid out: no pages
    assert doc.title == "Rundschreiben 4/2026 Bildung und Teilhabe"
    assert doc.date == date(2026, 3, 2)  # from the text
    assert texts(doc) == [
        ("Rundschreiben 4/2026", None, 1),
        ("Mainz-Bingen, 2. März 2026", None, 0),
        ("1. Lernförderung", None, 2),
        ("Die Lernförderung wird ohne Vorabprüfung bewilligt.", None, 0),
        ("Nachweis der Schule", None, 0),
        ("Kostenvoranschlag", None, 0),
        ("2. Beträge", None, 2),
        ("Leistung: Schulbedarf | Betrag: 195 €", None, 0),
        ("Leistung: Schülerbeförderung | Betrag: tatsächliche Kosten", None, 0),
    ]


def test_odt_soft_page_breaks_number_pages():
    data = files.odt_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"<text:h text:outline-level=\"2\">2.", b"<text:soft-page-break/><text:h text:outline-level=\"2\">2.")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", parts.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, content in parts.items():
            archive.writestr(name, content)
    doc = parse_bytes(out.getvalue(), "rundschreiben.odt")
    assert [b.page for b in doc.blocks] == [1] * 6 + [2] * 3 and doc.page_count == 2


def test_ods_sheets_and_odp_slides():
    sheet = parse_bytes(files.ods_bytes(), "bg.ods")
    assert sheet.format == "ods" and sheet.page_count == 2
    assert texts(sheet) == [("BG 2026", 1, 1), ("Kreis: Kusel | Bedarfsgemeinschaften: 2.140", 1, 0),
                            ("Stand", 2, 1), ("Stand: 31.01.2026", 2, 0)]
    slides = parse_bytes(files.odp_bytes(), "folien.odp")
    assert slides.format == "odp" and slides.page_count == 2
    assert texts(slides) == [("Einstiegsgeld", 1, 1), ("Befristet bis zu 24 Monate", 1, 0),
                             ("Notizen: Beispiel rechnen", 1, 0), ("Förderketten", 2, 1),
                             ("Vermittlungsbudget zuerst", 2, 0)]


@pytest.mark.parametrize(("build", "kind"), [(files.xlsx_bytes, "xlsx"), (files.pptx_bytes, "pptx"),
                                             (files.odt_bytes, "odt"), (files.ods_bytes, "ods")])
def test_recognised_by_content_whatever_the_name(build, kind):
    data = build()
    assert container_kind(data) == kind
    parser = choose_parser(data, "anhang.dat")
    assert kind in getattr(parser, "kinds", (parser.format,))


@pytest.mark.parametrize(("build", "name"), [(files.xlsx_bytes, "kaputt.xlsx"), (files.pptx_bytes, "kaputt.pptx"),
                                             (files.odt_bytes, "kaputt.odt")])
def test_truncated_zip_is_corrupt_in_german(build, name):
    with pytest.raises(CorruptDocument) as caught:
        parse_bytes(files.truncated(build()), name)
    assert str(caught.value).startswith(f"'{name}' ist beschädigt") and "zip" not in str(caught.value).lower()


def test_password_protected_xlsx_says_so():
    with pytest.raises(EncryptedDocument, match=r"'geheim\.xlsx' ist passwortgeschützt"):
        parse_bytes(files.encrypted_xlsx(), "geheim.xlsx")


@pytest.mark.parametrize(("build", "member", "name"), [(files.odt_bytes, "content.xml", "bombe.odt"),
                                                       (files.xlsx_bytes, "xl/worksheets/sheet1.xml", "bombe.xlsx"),
                                                       (files.pptx_bytes, "ppt/slides/slide1.xml", "bombe.pptx")])
def test_zip_bomb_member_is_refused_before_reading(build, member, name):
    bomb = files.with_declared_size(build(), member, 3 * 2**30)
    with pytest.raises(LimitExceeded, match=r"KB_MAX_UNPACKED_MB") as caught:
        parse_bytes(bomb, name)
    assert caught.value.limit == "KB_MAX_UNPACKED_MB"


@pytest.mark.parametrize(("build", "member", "name"), [(files.odt_bytes, "content.xml", "gross.odt"),
                                                       (files.xlsx_bytes, "xl/worksheets/sheet1.xml", "gross.xlsx")])
def test_office_files_unpack_only_to_the_parse_limit_in_force(build, member, name):
    """A member within the container's own bounds but over a lowered KB_MAX_UNPACKED_MB."""
    bomb = files.with_declared_size(build(), member, 5_000_000)
    with pytest.raises(LimitExceeded, match=r"KB_MAX_UNPACKED_MB"):
        parse_bytes(bomb, name, bounds=Limits(max_unpacked_bytes=2_000_000))


@pytest.mark.parametrize(("build", "name"), [(files.xlsx_bytes, "viel.xlsx"), (files.pptx_bytes, "viel.pptx")])
def test_slide_and_sheet_text_is_counted_while_it_is_read(build, name):
    """The parser itself stops (not only the pipeline's check of the finished result)."""
    data = build()
    with limits.applied(Limits(max_chars=50)), pytest.raises(LimitExceeded, match=r"KB_MAX_DOCUMENT_CHARS"):
        choose_parser(data, name).parse(data, name)


def test_members_are_bounded_while_reading_whatever_the_headers_say():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"0" * 2_000_000)
        archive.writestr("other.xml", b"1" * 2_000_000)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive, pytest.raises(ContainerBreach, match=r"content\.xml"):
        read_member(archive, "content.xml", 1_000_000)
    container = Container(out.getvalue(), ZipBounds(10, 3_000_000, 5_000_000))
    container.read("content.xml")
    container.bounds = ZipBounds(10, 3_000_000, 3_000_000)  # as if the directory had understated
    with pytest.raises(ContainerBreach, match=r"other\.xml"):  # the running total, not only per member
        container.read("other.xml")
    with pytest.raises(ContainerBreach, match="Einträge"):
        Container(out.getvalue(), ZipBounds(max_members=1))


def test_xlsx_rows_beyond_a_stale_dimension_are_read():
    """openpyxl's read-only mode stops at the sheet's <dimension>, which generators leave stale."""
    source = zipfile.ZipFile(io.BytesIO(files.xlsx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<dimension ref="A1:D5"/>', b'<dimension ref="A1:A1"/>')
                assert b'<dimension ref="A1:A1"/>' in body
            archive.writestr(info, body)
    texts = [b.text for b in parse_bytes(out.getvalue(), "mittel.xlsx").blocks]
    assert "Kreis: Kusel | Jahr: 2026 | Eingliederungsmittel: 1.234.000 € | Anteil: 12,5 %" in texts
