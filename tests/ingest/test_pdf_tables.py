"""Ruled tables in PDFs read as rows with their column names (issue 18), on a generated PDF, the
sample corpus's Rundschreiben, a real law and a real Weisung; and the bounds that fall back to
plain text."""

from __future__ import annotations

import io

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from ingest import limits
from ingest.parsers import pdf_tables
from ingest.parsers.cell_words import cell_text
from ingest.parsers.pdf import PdfParser
from kb.config import Settings
from tests.conftest import CORPUS

ROWS = [["Kreis", "Jahr", "Eingliederungsmittel"], ["Kusel", "2026", "1.234.000 €"],
        ["Saarlouis", "2026", "2.345.000 €"]]
SAMPLE = CORPUS / "mayen-koblenz" / "rs-2024-04-leistungsminderungen.pdf"


def table_pdf(rows: list[list[str]] = ROWS) -> bytes:
    """Two pages: prose on page 1; on page 2 a sentence, a ruled table, a sentence."""
    buffer, styles = io.BytesIO(), getSampleStyleSheet()
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [Paragraph("Verteilung der Mittel", styles["Heading1"]),
             Paragraph("Die Mittel werden nach dem Schlüssel des Bundes verteilt.", styles["Normal"]),
             PageBreak(), Paragraph("Die Übersicht zeigt die Beträge je Kreis.", styles["Normal"]),
             table, Paragraph("Die Beträge sind vorläufig.", styles["Normal"])]
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def parse(data: bytes, **bounds):
    with limits.applied(limits.Limits(**bounds)):
        return PdfParser().parse(data, "tabelle.pdf")


def rows_of(doc) -> list[tuple[int | None, str]]:
    return [(b.page, b.text) for b in doc.blocks if b.table]


def test_generated_table_rows_carry_the_header_and_their_page():
    doc = parse(table_pdf())
    assert rows_of(doc) == [(2, "Kreis: Kusel | Jahr: 2026 | Eingliederungsmittel: 1.234.000 €"),
                            (2, "Kreis: Saarlouis | Jahr: 2026 | Eingliederungsmittel: 2.345.000 €")]


def test_table_stands_where_it_was_and_is_not_read_twice():
    texts = [b.text for b in parse(table_pdf()).blocks]
    start = next(i for i, text in enumerate(texts) if text.endswith("Die Übersicht zeigt die Beträge je Kreis."))
    assert texts[start + 1].startswith("Kreis: Kusel") and texts[start + 3] == "Die Beträge sind vorläufig."
    loose = [t for t in texts if "Saarlouis" in t or "Kusel" in t]
    assert len(loose) == 2  # only the two rows, no line "Kusel 2026 1.234.000 €"


def test_sample_rundschreiben_reads_1_monat_in_the_narrow_cell():
    rows = rows_of(parse(SAMPLE.read_bytes()))
    assert rows[0] == (2, "Tatbestand: erste Pflichtverletzung | Minderung des maßgebenden Regelbedarfs: 10 % "
                          "| Dauer: 1 Monat | Betrag bei Regelbedarfsstufe 1 (563 €): 56,30 €")
    assert rows[2][1].startswith("Tatbestand: weitere wiederholte Pflichtverletzung")
    assert "Dauer: 3 Monate" in rows[2][1]
    assert len(rows) == 4


def test_sample_without_tables_has_the_split_word_as_before():
    doc = parse(SAMPLE.read_bytes(), pdf_table_seconds=0)
    assert rows_of(doc) == []
    texts = [b.text for b in doc.blocks]
    at = texts.index("1 M")  # the symptom table reading repairs: the cell's pieces stand alone
    assert texts[at:at + 3] == ["1 M", "ona", "t"]


def test_page_with_more_edges_than_allowed_is_plain_text():
    doc = parse(table_pdf(), pdf_table_max_edges=3)
    assert rows_of(doc) == []
    assert any("Saarlouis" in b.text for b in doc.blocks)


def test_failing_table_reader_keeps_the_document(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("kaputt")

    monkeypatch.setattr(pdf_tables, "_page_tables", broken)
    doc = parse(table_pdf())
    assert rows_of(doc) == [] and any("Kusel" in b.text for b in doc.blocks)


def test_table_running_over_a_page_break_keeps_its_header_on_the_next_page():
    rows = [ROWS[0]] + [[f"Kreis {n}", "2026", f"{n}.000 €"] for n in range(1, 80)]
    found = rows_of(parse(table_pdf(rows)))
    assert len(found) == 79 and {page for page, _ in found} == {2, 3, 4}
    assert (3, "Kreis: Kreis 37 | Jahr: 2026 | Eingliederungsmittel: 37.000 €") in found
    assert found[-1] == (4, "Kreis: Kreis 79 | Jahr: 2026 | Eingliederungsmittel: 79.000 €")


def test_framed_paragraph_is_no_table():
    doc = parse(table_pdf([["Hinweis: Die Beträge sind vorläufig."], ["Stand: 1. März 2026"]]))
    assert rows_of(doc) == []


def test_real_law_table_of_the_retirement_age(sgb2_pdf_doc):
    rows = rows_of(sgb2_pdf_doc)
    assert (13, "für den Geburtsjahrgang: 1950 | erfolgt eine Anhebung um Monate: 4 | auf den Ablauf des "
                "Monats, in dem ein Lebensalter vollendet wird von: 65 Jahren und 4 Monaten") in rows
    assert len([text for _, text in rows if text.startswith("für den Geburtsjahrgang")]) == 18


def test_real_weisung_table_of_diets(corpus):
    path = corpus / "pdf/ba-fachliche-weisungen/sgb2/FW_SGB_II_Par_21_Mehrbedarfe.pdf"
    rows = rows_of(PdfParser().parse(path.read_bytes(), path.name))
    assert (24, "Art der Erkrankung: 2. Zöliakie | MB in % der Regelbedarfsstufe 1 (RBS 1): 20") in rows
    assert (28, "Art der Erkrankung: 13. Hypertonie") in rows  # continued from page 27 without a header
    assert (29, "Art der Erkrankung: 2. Chronische Nierenerkranung | Indikatoren für mögliche zu erwartende "
                "Mehrkosten: Dialyse") in rows  # a new table with the same first column keeps its own header


@pytest.mark.parametrize(("raw", "text"), [
    ("1 M\nona\nt", "1 Monat"), ("Dau\ner", "Dauer"), ("2 M\nona\nte", "2 Monate"),
    ("an\nden", "an den"), ("erste wiederholte\nPflichtverletzung", "erste wiederholte Pflichtverletzung"),
    ("Leistungs-\nberechtigte", "Leistungsberechtigte"), ("Bildungs-\nund Teilhabe", "Bildungs- und Teilhabe"),
    ("", ""), (None, ""),
])
def test_cell_lines_are_joined_and_split_words_mended(raw, text):
    assert cell_text(raw) == text


def test_table_bounds_are_settings(monkeypatch):
    monkeypatch.setenv("KB_PDF_TABLE_SECONDS", "7.5")
    monkeypatch.setenv("KB_PDF_TABLE_MAX_EDGES", "120")
    bounds = Settings().ingest.limits
    assert (bounds.pdf_table_seconds, bounds.pdf_table_max_edges) == (7.5, 120)
