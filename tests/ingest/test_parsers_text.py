"""Plain-text parser: encodings, paragraphs, heuristic headings."""

from __future__ import annotations

import codecs

from ingest.parsers.base import choose_parser
from ingest.parsers.text import TextParser

CIRCULAR = """RUNDSCHREIBEN 3/2025

Kusel, 14. April 2025

1. Ausgangslage

Die Kosten der Unterkunft für Bedarfs-
gemeinschaften im Landkreis Kusel wurden
überprüft. Folgende Unterlagen liegen vor:
- Mietvertrag
- Kontoauszüge

2. Bewertung
2.1 Angemessenheit
Die Mietobergrenzen müssen angepasst werden.
1. Antrag
2. Bescheid

§ 22 Bedarfe für Unterkunft und Heizung
(1) Bedarfe werden anerkannt.
"""


def test_cp1252_file_with_umlauts():
    doc = TextParser().parse(CIRCULAR.encode("cp1252"), "rundschreiben.txt")
    assert "Die Kosten der Unterkunft für Bedarfsgemeinschaften im Landkreis Kusel wurden " \
           "überprüft. Folgende Unterlagen liegen vor:" in [b.text for b in doc.blocks]
    assert "Ã" not in doc.text and "\ufffd" not in doc.text


def test_short_latin1_and_dos_encodings():
    text = "Größe der Wohnung für Familien: 60 m²"
    assert TextParser().parse(text.encode("latin-1"), "a.txt").blocks[0].text == text
    dos = "Übersicht für Familien mit Kindern"
    assert TextParser().parse(dos.encode("cp850"), "b.txt").blocks[0].text == dos


def test_utf8_bom_is_removed():
    doc = TextParser().parse(codecs.BOM_UTF8 + "Überschrift\n\nText".encode(), "bom.txt")
    assert doc.blocks[0].text == "Überschrift"
    assert "\ufeff" not in doc.text


def test_paragraphs_headings_and_lists():
    doc = TextParser().parse(CIRCULAR.encode("utf-8"), "rundschreiben.txt")
    assert [(b.text, b.level) for b in doc.blocks] == [
        ("RUNDSCHREIBEN 3/2025", 1),
        ("Kusel, 14. April 2025", 0),
        ("1. Ausgangslage", 1),
        ("Die Kosten der Unterkunft für Bedarfsgemeinschaften im Landkreis Kusel wurden "
         "überprüft. Folgende Unterlagen liegen vor:", 0),
        ("Mietvertrag", 0),
        ("Kontoauszüge", 0),
        ("2. Bewertung", 1),
        ("2.1 Angemessenheit", 2),
        ("Die Mietobergrenzen müssen angepasst werden.", 0),
        ("1. Antrag", 0),
        ("2. Bescheid", 0),
        ("§ 22 – Bedarfe für Unterkunft und Heizung", 2),
        ("(1) Bedarfe werden anerkannt.", 0),
    ]  # fmt: skip
    assert doc.title == "RUNDSCHREIBEN 3/2025"
    assert str(doc.date) == "2025-04-14"
    assert all(b.page is None for b in doc.blocks)


def test_text_front_matter_and_extension_choice():
    data = b"---\ntitle: Vermerk\ndistrict: Kusel\n---\nInhalt des Vermerks."
    doc = TextParser().parse(data, "vermerk.txt")
    assert doc.title == "Vermerk" and doc.properties["district"] == "Kusel"
    assert [b.text for b in doc.blocks] == ["Inhalt des Vermerks."]
    assert choose_parser(data, "vermerk.TXT").format == "text"
