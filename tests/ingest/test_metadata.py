"""Metadata: user flags beat sidecars beat the document; bad values are refused clearly."""

import json
from datetime import date

import pytest

from ingest.errors import IngestError
from ingest.legal import detect_district, detect_doc_type, parse_district
from ingest.metadata import MetaHints, hints_from_document, hints_from_mapping, read_sidecar
from ingest.models import Block, DocType, ParsedDocument


def test_district_spellings_are_canonical_and_other_names_refused():
    assert parse_district("st wendel") == "St. Wendel"
    assert parse_district("Landkreis Kusel") == "Kusel"
    assert parse_district("saarpfalz-kreis") == "Saarpfalz-Kreis"
    assert parse_district("Netzwerk") == "Südwestoption"
    for other in ("Landkreis Bernkastel-Wittlich", "<b>Atlantis</b>", "Kusel2", "x" * 500):
        with pytest.raises(IngestError, match="Unbekannter Kreis"):
            parse_district(other)


def test_invalid_type_and_date_are_refused_with_reason():
    with pytest.raises(IngestError, match="Dokumenttyp"):
        hints_from_mapping({"doc_type": "Brief"}, "CLI")
    with pytest.raises(IngestError, match="Datum"):
        hints_from_mapping({"date": "14.04.2025"}, "CLI")
    with pytest.raises(IngestError, match="unbekannte Felder"):
        hints_from_mapping({"autor": "x"}, "CLI")


def test_sidecar_is_read_and_validated(tmp_path):
    pdf = tmp_path / "rs.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    (tmp_path / "rs.pdf.meta.json").write_text(json.dumps(
        {"title": "Rundschreiben 4/2025", "district": "Kusel", "doc_type": "Rundschreiben", "date": "2025-04-14"}))
    hints = read_sidecar(pdf)
    assert hints == MetaHints("Rundschreiben 4/2025", "Kusel", DocType.RUNDSCHREIBEN, date(2025, 4, 14))
    (tmp_path / "rs.pdf.meta.json").write_text("{kaputt")
    with pytest.raises(IngestError, match="kein gültiges JSON"):
        read_sidecar(pdf)


def test_precedence_cli_over_sidecar_over_document():
    parsed = ParsedDocument([Block("Landkreis Kusel – Jobcenter"), Block("Rundschreiben 3/2024")],
                            format="pdf", title="Rundschreiben 3/2024", date=date(2024, 3, 1))
    found = hints_from_document(parsed, "rs.pdf")
    assert (found.district, found.doc_type, found.date) == ("Kusel", DocType.RUNDSCHREIBEN, date(2024, 3, 1))
    sidecar = MetaHints(district="Vulkaneifel")
    cli = MetaHints(doc_type=DocType.WEISUNG)
    merged = cli.merged_over(sidecar.merged_over(found))
    assert (merged.district, merged.doc_type, merged.title) == ("Vulkaneifel", DocType.WEISUNG, "Rundschreiben 3/2024")


def test_district_detection_needs_a_clear_winner():
    assert detect_district("Kreisverwaltung Mayen-Koblenz, Jobcenter Mayen-Koblenz") == "Mayen-Koblenz"
    assert detect_district("Saarlouis und Kusel") is None
    assert detect_district("Bundesagentur für Arbeit") is None


@pytest.mark.parametrize("title,expected", [
    ("Protokoll der 12. Sitzung des Arbeitskreises Option", DocType.PROTOKOLL),
    ("Sozialgesetzbuch (SGB) Zweites Buch (II) - Grundsicherung für Arbeitsuchende", DocType.GESETZ),
    ("Verordnung zur Vermeidung von Ortsabwesenheit (Erreichbarkeits-Verordnung - ErrV)", DocType.GESETZ),
    ("Fachliche Weisungen zu § 22 SGB II", DocType.WEISUNG),
    ("Schulungsunterlage Einkommensanrechnung", DocType.SCHULUNG),
])
def test_doc_type_from_title(title, expected):
    assert detect_doc_type(title, "") == expected


def test_file_name_gives_title_and_date_when_document_does_not():
    parsed = ParsedDocument([Block("Text ohne Kopf")], format="text")
    found = hints_from_document(parsed, "VG_Mainz_1_K_583-14_2015-09-10_Jobcenter_Mainz_IFG.pdf")
    assert found.date == date(2015, 9, 10)
    assert found.title.startswith("VG Mainz 1 K 583-14")
