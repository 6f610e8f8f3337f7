"""Shared parser helpers: German dates, line joining, heading recognition, decoding."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.parsers.dates import find_document_date, parse_compact_timestamp, parse_date
from ingest.parsers.decoding import decode_text
from ingest.parsers.docmeta import meaningful_title
from ingest.parsers.headings import match_heading, norm_heading
from ingest.parsers.textclean import clean_inline, ends_sentence, join_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stand: 14.04.2025", date(2025, 4, 14)),
        ("Kusel, 14. April 2025", date(2025, 4, 14)),
        ("Rundschreiben vom 3. Mai 2024 zur KdU", date(2024, 5, 3)),
        ("Datum: 2025-04-14", date(2025, 4, 14)),
        ("Mainz, den 1.3.2023", date(2023, 3, 1)),
        ("am 5. Jan. 2024", date(2024, 1, 5)),
        ("Stand: März 2025", date(2025, 3, 1)),
        ("Gesetz vom 24. Dezember 2003 … Stand: 31.12.2024", date(2024, 12, 31)),
        ("Neugefasst durch Bek. v. 13.5.2011; zuletzt geändert durch Art. 2 G v. 24.2.2025",
         date(2025, 2, 24)),
        ("Tabelle: Kreis | Datum | Ergebnis – Kusel | 12.03.2025", date(2025, 3, 12)),
        ("am 31.02.2025 (ungültig) und am 01.03.2025", date(2025, 3, 1)),
        ("Aktenzeichen 1 K 583/14", None),
        ("", None),
    ],
)  # fmt: skip
def test_find_document_date(text, expected):
    assert find_document_date(text) == expected


def test_date_window_and_helpers():
    assert find_document_date("x" * 2000 + " Stand: 14.04.2025") is None
    assert parse_date("3. Mai 2024") == date(2024, 5, 3)
    assert parse_compact_timestamp("20250227223015").isoformat() == "2025-02-27T22:30:15"
    assert parse_compact_timestamp("kaputt") is None


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("Unterkunfts-", "kosten", "Unterkunftskosten"),
        ("Bildungs-", "und Teilhabe", "Bildungs- und Teilhabe"),
        ("Beamten-", "oder Arbeitsverhältnisses", "Beamten- oder Arbeitsverhältnisses"),
        ("SGB-", "II-Leistungen", "SGB-II-Leistungen"),
        ("COVID-19-", "Pandemie", "COVID-19-Pandemie"),
        ("§§ 11 -", "11b", "§§ 11 - 11b"),
        ("Sozialgesetzbuch –", "Bürgergeld", "Sozialgesetzbuch – Bürgergeld"),
        ("Die Kosten", "werden übernommen", "Die Kosten werden übernommen"),
    ],
)
def test_join_lines(left, right, joined):
    assert join_lines(left, right) == joined


def test_clean_inline_and_sentence_ends():
    messy = "§\u00a022  Unter\u00adkunft\u200b\n und\tHeizung "
    assert clean_inline(messy) == "§ 22 Unterkunft und Heizung"
    assert ends_sentence("… gilt entsprechend.") and ends_sentence("Folgendes:")
    assert not ends_sentence("vergleiche auch vgl.") and not ends_sentence("nach § 22 Abs.")


@pytest.mark.parametrize(
    ("line", "emphasised", "text", "level"),
    [
        ("§ 22 Bedarfe für Unterkunft und Heizung", None,
         "§ 22 – Bedarfe für Unterkunft und Heizung", 2),
        ("§ 6a Zugelassene kommunale Träger", None, "§ 6a – Zugelassene kommunale Träger", 2),
        ("§ 16j (weggefallen)", None, "§ 16j – (weggefallen)", 2),
        ("§ 22 Abs. 1 gilt entsprechend.", None, None, None),
        ("§ 54 Absatz 1 Satz 1 Nummer 1 bis 3 des Zwölften Buches", None, None, None),
        ("§ 9 SGB II", True, "§ 9 SGB II", 2),
        ("§ 18c Bund-Länder-Ausschuss", True, "§ 18c – Bund-Länder-Ausschuss", 2),
        ("§§ 186 bis 239 (weggefallen)", True, "§§ 186 bis 239 – (weggefallen)", 2),
        ("Kapitel 3 Leistungen", None, "Kapitel 3 – Leistungen", 1),
        ("Zweiter Abschnitt", True, "Zweiter Abschnitt", 1),
        ("Unterabschnitt 2 - Bürgergeld", None, "Unterabschnitt 2 – Bürgergeld", 1),
        ("1. Ausgangslage", None, "1. Ausgangslage", 1),
        ("2.1 Angemessenheit", None, "2.1 Angemessenheit", 2),
        ("1.2.2.1 Gesetzliche Vermutung", True, "1.2.2.1 Gesetzliche Vermutung", 4),
        ("14. April 2025", None, None, None),
        ("1. Die Leistung wird erbracht, wenn der Antrag gestellt ist.", None, None, None),
        ("1.1 Hilfe von Anderen ........................ 5", True, None, None),
        ("1 K 583/14.MZ", True, None, None),
        ("T a t b e s t a n d", True, "Tatbestand", 1),
        ("ENTSCHEIDUNGSGRÜNDE", None, "ENTSCHEIDUNGSGRÜNDE", 1),
        ("Zweites Buch Sozialgesetzbuch – SGB II", True, None, None),
    ],
)  # fmt: skip
def test_match_heading(line, emphasised, text, level):
    found = match_heading(line, emphasised)
    assert (found.text, found.level) == (text, level) if text else found is None


def test_norm_heading():
    assert norm_heading("§\u00a0 22", " Bedarfe ") == "§ 22 – Bedarfe"
    assert norm_heading("Anlage", "") == "Anlage"
    assert norm_heading("§ 22", "– Bedarfe") == "§ 22 – Bedarfe"


def test_meaningful_title():
    assert meaningful_title("Microsoft Word - KdU_neu.docx", "x.pdf") is None
    assert meaningful_title("untitled", "x.pdf") is None
    assert meaningful_title("5K098111", "x.pdf") is None
    assert meaningful_title("rundschreiben_3", "rundschreiben_3.pdf") is None
    assert meaningful_title(" Fachliche Weisung zu § 9 SGB II ", "x.pdf") == (
        "Fachliche Weisung zu § 9 SGB II"
    )


def test_decode_text():
    assert decode_text("Größe".encode()) == "Größe"
    assert decode_text(b"\xef\xbb\xbfGr\xc3\xb6\xc3\x9fe") == "Größe"
    assert decode_text("Größe für Familien".encode("cp1252")) == "Größe für Familien"
    assert decode_text("Größe".encode("cp1252"), declared="iso-8859-1") == "Größe"
    assert decode_text("“Zitat” €".encode("cp1252"), declared="latin-1") == "“Zitat” €"
    assert decode_text("Größe".encode("utf-16")) == "Größe"
