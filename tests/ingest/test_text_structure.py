"""Plain text states its structure without markup: setext underlines are headings, not text, and
a standalone first line is the title (issue 16: "1. Grundsatz" was the title of a Weisung)."""

from __future__ import annotations

from ingest.parsers.text import TextParser

WEISUNG = """Weisung Fahrtkosten zu Meldeterminen – Testkreis 2/2026

1. Grundsatz

Fahrtkosten werden erstattet, wenn der Weg mehr als 5 km beträgt.

Erstattung
==========

Die Erstattung erfolgt auf Antrag.

Nachweise
---------

Fahrkarte beilegen.

**********

Gez. Teamleitung Leistung
"""


def _parse(text: str):
    return TextParser().parse(text.encode("utf-8"), "weisung.txt")


def test_the_first_standalone_line_is_the_title():
    assert _parse(WEISUNG).title == "Weisung Fahrtkosten zu Meldeterminen – Testkreis 2/2026"


def test_setext_underlines_make_headings_and_never_text():
    doc = _parse(WEISUNG)
    headings = [(b.level, b.text) for b in doc.blocks if b.is_heading]
    assert (1, "Erstattung") in headings and (2, "Nachweise") in headings
    assert not any(set(b.text) & set("=-*") and set(b.text) <= set("=-* ") for b in doc.blocks)
    assert all("=====" not in b.text and "-----" not in b.text and "*****" not in b.text for b in doc.blocks)
    assert doc.blocks[-1].text == "Gez. Teamleitung Leistung"


def test_a_letter_opening_is_no_title():
    doc = _parse("Sehr geehrte Damen und Herren,\n\n1. Anlass\n\nDie Mietobergrenzen steigen.\n")
    assert doc.title == "1. Anlass"
