"""RTF: text with its code page and escapes, headings and title as in plain text, tables with
their column names; bad RTF gets a German message; the character limit holds."""

from __future__ import annotations

import pytest

from ingest.errors import IngestError
from ingest.limits import LimitExceeded, Limits, applied
from ingest.pipeline import parse_bytes

WEISUNG = (rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}\f0\fs24 "
           rb"Weisung Fahrtkosten zu Meldeterminen \endash  Testkreis 2/2026\par\par "
           rb"{\b 1. Grundsatz}\par Fahrtkosten zu Meldeterminen werden nach \'a7 59 SGB II "
           rb"\u252?bernommen, ab 6 \'80 je Fahrt.\par\par "
           rb"{\trowd\cellx2000\cellx4000 Kreis\cell Pauschale\cell\row}"
           rb"{\trowd\cellx2000\cellx4000 Kusel\cell 6,50 \'80\cell\row}\par "
           rb"{\b 2. Nachweis}\par Der Fahrschein ist vorzulegen.\par}")


def test_text_escapes_title_headings_and_table_rows():
    doc = parse_bytes(WEISUNG, "weisung.rtf")
    assert doc.format == "rtf" and doc.title == "Weisung Fahrtkosten zu Meldeterminen – Testkreis 2/2026"
    texts = [(b.level, b.table, b.text) for b in doc.blocks]
    assert (1, False, "1. Grundsatz") in texts and (1, False, "2. Nachweis") in texts
    assert (0, False, "Fahrtkosten zu Meldeterminen werden nach § 59 SGB II übernommen, ab 6 € je Fahrt.") in texts
    assert (0, True, "Kreis: Kusel | Pauschale: 6,50 €") in texts
    order = [t for _, _, t in texts]
    assert order.index("Kreis: Kusel | Pauschale: 6,50 €") < order.index("2. Nachweis")


def test_rtf_is_recognised_by_content_whatever_its_name():
    assert parse_bytes(WEISUNG, "weisung.txt").format == "rtf"


def test_a_file_named_rtf_that_is_none_gets_a_german_message():
    with pytest.raises(IngestError, match="keine gültige RTF-Datei"):
        parse_bytes(b"Nur ein Text mit falscher Endung, kein Rich Text.", "kaputt.rtf")


def test_the_character_limit_applies_to_the_converted_text():
    body = rb"Kosten der Unterkunft. " * 200
    with applied(Limits(max_chars=1000)), pytest.raises(LimitExceeded, match="KB_MAX_DOCUMENT_CHARS"):
        parse_bytes(rb"{\rtf1\ansi " + body + rb"}", "lang.rtf", Limits(max_chars=1000))
