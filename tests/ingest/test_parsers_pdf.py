"""PDF parser on real law texts and Weisungen, plus synthetic PDFs for the edge cases."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.errors import CorruptDocument, EmptyDocument, EncryptedDocument
from ingest.parsers.base import choose_parser
from ingest.parsers.pdf import PdfParser

NORM = re.compile(r"^§ (\d+[a-z]*)\b")
Line = tuple[str, str, float]  # text, font, size


def make_pdf(pages: list[list[Line]], footer: str | None = None) -> bytes:
    """A PDF with one text line per entry, top to bottom; `footer` gets "{page}" filled in."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number, lines in enumerate(pages, start=1):
        y = 800.0
        for text, font, size in lines:
            pdf.setFont(font, size)
            pdf.drawString(60, y, text)
            y -= size * 1.7
        if footer:
            pdf.setFont("Helvetica", 9)
            pdf.drawString(260, 40, footer.format(page=number, pages=len(pages)))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def norm_keys(doc) -> list[str]:
    """The "§ N" numbers of all level-2 headings, in order."""
    return [m.group(1) for b in doc.blocks if b.level == 2 and (m := NORM.match(b.text))]


# --- the SGB II PDF from gesetze-im-internet.de ------------------------------------------


def test_sgb2_pages_are_numbered_in_reading_order(sgb2_pdf_doc):
    pages = [b.page for b in sgb2_pdf_doc.blocks]
    assert sgb2_pdf_doc.page_count == 68
    assert all(p is not None and 1 <= p <= 68 for p in pages)
    assert pages == sorted(pages)
    assert pages[-1] == 68


def test_sgb2_running_header_and_footer_are_gone(sgb2_pdf_doc):
    text = sgb2_pdf_doc.text
    assert "Ein Service des Bundesministeriums der Justiz" not in text
    assert "www.gesetze-im-internet.de" not in text
    assert not re.search(r"Seite \d+ von \d+", text)


def test_sgb2_section_22_is_a_heading_on_its_page(sgb2_pdf_doc):
    blocks = sgb2_pdf_doc.blocks
    index = next(i for i, b in enumerate(blocks) if b.text.startswith("§ 22 –"))
    heading = blocks[index]
    assert heading.text == "§ 22 – Bedarfe für Unterkunft und Heizung"
    assert heading.level == 2
    assert heading.page == 32  # the TOC entry on page 3 must not be the section
    assert blocks[index + 1].text.startswith(
        "(1) Bedarfe für Unterkunft und Heizung werden in Höhe der tatsächlichen Aufwendungen"
    )


def test_sgb2_pdf_has_the_same_sections_as_the_xml(sgb2_pdf_doc, sgb2_xml_doc):
    pdf_keys, xml_keys = norm_keys(sgb2_pdf_doc), norm_keys(sgb2_xml_doc)
    assert len(pdf_keys) == len(set(pdf_keys)), "a § appears twice (TOC entry taken as section?)"
    assert set(pdf_keys) == set(xml_keys)
    assert pdf_keys == xml_keys  # same order, too


def test_sgb2_section_headings_read_like_the_xml(sgb2_pdf_doc, sgb2_xml_doc):
    """Wrapped headings (e.g. § 65, § 79) are rejoined to the XML's full title."""
    pdf = {b.text for b in sgb2_pdf_doc.blocks if b.level == 2}
    xml = {b.text for b in sgb2_xml_doc.blocks if b.level == 2}
    assert pdf == xml


def test_sgb2_table_of_contents_is_one_section(sgb2_pdf_doc):
    toc = [b for b in sgb2_pdf_doc.blocks if b.text == "Inhaltsübersicht"]
    assert len(toc) == 1 and toc[0].level == 1 and toc[0].page == 1
    structure = [b.text for b in sgb2_pdf_doc.blocks if b.level == 1]
    assert structure[2] == "Kapitel 1 – Fördern und Fordern"
    assert "Kapitel 3 – Leistungen" in structure


def test_sgb2_title_date_and_paragraphs(sgb2_pdf_doc):
    doc = sgb2_pdf_doc
    assert doc.format == "pdf"
    assert doc.title.startswith("Sozialgesetzbuch (SGB) Zweites Buch (II) - Bürgergeld")
    assert str(doc.date) == "2025-02-24"  # "zuletzt geändert durch Art. 2 G v. 24.2.2025"
    assert doc.properties["jurabk"] == "SGB 2"  # as <jurabk> in the XML
    texts = [b.text for b in doc.blocks]
    assert "1. Beratung," in texts  # list items are paragraphs of their own
    assert any("Versorgungslastenteilungs-Staatsvertrags" in t for t in texts)


# --- a BA Fachliche Weisung --------------------------------------------------------------


@pytest.fixture(scope="module")
def weisung(corpus):
    path = corpus / "pdf/ba-fachliche-weisungen/sgb2/FW_SGB_II_Par_09_Hilfebeduerftigkeit.pdf"
    return PdfParser().parse(path.read_bytes(), path.name)


def test_weisung_metadata(weisung):
    assert weisung.title == "Fachliche Weisung zu § 9 SGB II"
    assert str(weisung.date) == "2023-03-01"  # "Stand: 01.03.2023" in the page header
    assert weisung.page_count == 31


def test_weisung_numbered_headings_and_toc(weisung):
    headings = {b.text: b for b in weisung.blocks if b.level}
    assert headings["1. Hilfebedürftigkeit"].level == 1
    assert headings["1. Hilfebedürftigkeit"].page == 6  # not the TOC line on page 5
    subsection = "1.1 Sicherstellung des Lebensunterhalts durch Einkommen und Vermögen"
    assert headings[subsection].level == 2
    assert headings["Inhaltsverzeichnis"].level == 1
    assert len([b for b in weisung.blocks if b.text == "1. Hilfebedürftigkeit"]) == 1


def test_weisung_header_removed_and_drop_caps_repaired(weisung):
    texts = [b.text for b in weisung.blocks if b.page and b.page > 1]
    assert not any(t.startswith("Fachliche Weisungen § 9 SGB II") for t in texts)
    assert not any(re.fullmatch(r"BA Zentrale\s+FGL21 Seite \d+", t) for t in texts)
    assert any(t.startswith("(2) Bei Anhaltspunkten, die auf den Wegfall") for t in texts)
    assert any(t.startswith("Bei Teilmonaten (z. B. wegen Ausschlusses") for t in texts)


# --- synthetic PDFs ----------------------------------------------------------------------


def test_hyphenated_line_breaks_are_joined():
    body = [
        ("Die Kosten der Unterkunft werden nach Prüfung der Unterkunfts-", "Helvetica", 11),
        ("kosten in voller Höhe übernommen, soweit Leistungen für Bildungs-", "Helvetica", 11),
        ("und Teilhabe nicht berührt sind und die Empfänger von SGB-", "Helvetica", 11),
        ("II-Leistungen ihre Mitwirkungspflichten vollständig erfüllt haben.", "Helvetica", 11),
    ]
    doc = PdfParser().parse(make_pdf([body]), "kdu.pdf")
    assert [b.text for b in doc.blocks] == [
        "Die Kosten der Unterkunft werden nach Prüfung der Unterkunftskosten in voller Höhe "
        "übernommen, soweit Leistungen für Bildungs- und Teilhabe nicht berührt sind und die "
        "Empfänger von SGB-II-Leistungen ihre Mitwirkungspflichten vollständig erfüllt haben."
    ]
    assert doc.blocks[0].page == 1


def body(topic: str) -> list[Line]:
    """Two lines of body text that differ per page (repeated lines would be running text)."""
    first = f"Zum Thema {topic} wird die Angemessenheit nach dem schlüssigen Konzept geprüft"
    second = f"und für {topic} jährlich fortgeschrieben."
    return [(first, "Helvetica", 11), (second, "Helvetica", 11)]


def circular_pdf() -> bytes:
    """Three pages: running header and footer, a large title, bold numbered headings."""
    header = ("Landkreis Kusel – Rundschreiben 3/2025", "Helvetica", 9)
    pages = [
        [header, ("Rundschreiben 3/2025 zu den Kosten der Unterkunft", "Helvetica-Bold", 16),
         ("Stand: 14.04.2025", "Helvetica", 11), ("1. Ausgangslage", "Helvetica-Bold", 12),
         *body("Miete")],
        [header, ("2. Bewertung", "Helvetica-Bold", 12), *body("Heizung"),
         ("2.1 Angemessenheit", "Helvetica-Bold", 12), *body("Nebenkosten")],
        [header, ("2.2 Verfahren", "Helvetica-Bold", 12), *body("Umzug")],
    ]  # fmt: skip
    return make_pdf(pages, footer="Seite {page} von {pages}")


def test_circular_headings_headers_and_footers():
    doc = PdfParser().parse(circular_pdf(), "rs.pdf")
    headings = [(b.text, b.level, b.page) for b in doc.blocks if b.level]
    assert headings == [
        ("Rundschreiben 3/2025 zu den Kosten der Unterkunft", 1, 1),
        ("1. Ausgangslage", 1, 1),
        ("2. Bewertung", 1, 2),
        ("2.1 Angemessenheit", 2, 2),
        ("2.2 Verfahren", 2, 3),
    ]
    assert "Landkreis Kusel – Rundschreiben" not in doc.text
    assert "Seite" not in doc.text
    assert doc.title == "Rundschreiben 3/2025 zu den Kosten der Unterkunft"  # not "untitled"
    assert str(doc.date) == "2025-04-14"
    assert (
        "Zum Thema Umzug wird die Angemessenheit nach dem schlüssigen Konzept geprüft "
        "und für Umzug jährlich fortgeschrieben."
    ) in [b.text for b in doc.blocks]


def test_encrypted_pdf_is_rejected_with_a_clear_message():
    source = make_pdf([[("Geheim", "Helvetica", 11)]])
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(source)))
    writer.encrypt("geheim")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(EncryptedDocument, match="passwortgeschützt") as caught:
        PdfParser().parse(out.getvalue(), "vertraulich.pdf")
    assert "vertraulich.pdf" in str(caught.value)


def test_pdf_with_owner_password_only_is_read():
    source = make_pdf([[("Nur mit Rechteschutz, ohne Öffnungskennwort.", "Helvetica", 11)]])
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(source)))
    writer.encrypt("", owner_password="chef")
    out = io.BytesIO()
    writer.write(out)
    doc = PdfParser().parse(out.getvalue(), "rechte.pdf")
    assert doc.blocks[0].text == "Nur mit Rechteschutz, ohne Öffnungskennwort."


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00\xff garbage \x13" * 200,
        make_pdf([[("Abgeschnitten", "Helvetica", 11)]])[:300],
    ],
    ids=["garbage", "truncated"],
)
def test_damaged_pdf_is_corrupt(data):
    with pytest.raises(CorruptDocument, match=r"kaputt\.pdf"):
        PdfParser().parse(data, "kaputt.pdf")


def test_pdf_without_text_is_empty():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(50, 50, 400, 600, fill=1)  # a "scan": graphics, no text layer
    pdf.showPage()
    pdf.save()
    with pytest.raises(EmptyDocument, match=r"keinen Text.*Texterkennung"):
        PdfParser().parse(buffer.getvalue(), "scan.pdf")


def test_pdf_named_docx_is_parsed_as_pdf():
    data = make_pdf([[("Ein Vermerk, versehentlich als Word-Datei benannt.", "Helvetica", 11)]])
    parser = choose_parser(data, "vermerk.docx")
    assert parser.format == "pdf"
    assert parser.parse(data, "vermerk.docx").blocks[0].text.startswith("Ein Vermerk")


def test_pdf_sniff_allows_bom_and_whitespace():
    parser = PdfParser()
    assert parser.sniff(b"\xef\xbb\xbf  \n%PDF-1.4\n")
    assert not parser.sniff(b"Dies ist kein %PDF-1.4")
