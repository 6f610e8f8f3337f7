"""E-mails (EML) on messages built with `email.message`: subject, sender, date and body as the
document; attachments handed on (0-byte ones left out with a German note); recognised by headers."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.errors import CorruptDocument, UnsupportedFormat
from ingest.parsers.base import choose_parser
from ingest.parsers.mail import MAX_ATTACHMENTS
from ingest.pipeline import parse_bytes
from tests import office_files as files


def test_mail_subject_sender_date_body_and_attachments():
    pdf = files.pdf_bytes(files.BESCHEID_LINES)
    doc = parse_bytes(files.eml_bytes([("merkblatt.pdf", pdf), ("leer.pdf", b"")]), "rundschreiben.eml")
    assert doc.format == "eml" and doc.page_count is None
    assert doc.title == "Rundschreiben Heizkostenpauschale 2026" and doc.date == date(2026, 3, 3)
    assert doc.properties == {"sender": "Jobcenter Kusel <leistung@jobcenter-kusel.example>",
                              "recipients": "netzwerk@suedwestoption.example"}
    assert [(b.text, b.level) for b in doc.blocks] == [
        ("Rundschreiben Heizkostenpauschale 2026", 1),
        ("Von: Jobcenter Kusel <leistung@jobcenter-kusel.example> | An: netzwerk@suedwestoption.example"
         " | Datum: 03.03.2026", 0),
        ("Sehr geehrte Damen und Herren,", 0),
        ("anbei erhalten Sie das Rundschreiben zur Anerkennung der Heizkostenpauschale im Kreis Kusel.", 0),
        ("Mit freundlichen Grüßen", 0),  # the quoted reply is left out
        ("Anhänge: merkblatt.pdf, leer.pdf", 0),
    ]
    assert [(a.name, a.data) for a in doc.attachments] == [("merkblatt.pdf", pdf)]
    assert doc.notes == ["Anhang 'leer.pdf' ist leer (0 Bytes) und wurde übersprungen."]


def test_html_only_mail_is_read_through_the_html_parser():
    doc = parse_bytes(files.eml_bytes(html=True), "html.eml")
    assert [(b.text, b.level) for b in doc.blocks][2:] == [("Heizkosten", 1), ("Die Pauschale gilt ab April.", 0)]


def test_attachment_names_are_plain_and_their_number_bounded():
    many = [(f"../../etc/anlage{i}.txt", b"Inhalt %d" % i) for i in range(MAX_ATTACHMENTS + 2)]
    doc = parse_bytes(files.eml_bytes(many), "viele.eml")
    assert len(doc.attachments) == MAX_ATTACHMENTS and doc.attachments[0].name == "anlage0.txt"
    assert len(doc.notes) == 2 and "mehr als 20 Anhänge" in doc.notes[0]


def test_mail_is_recognised_by_its_headers_not_by_the_name():
    assert choose_parser(files.eml_bytes(), "nachricht.txt").format == "eml"
    not_mail = b"Titel: Protokoll\nDatum: 3.3.2026\n\nText"
    assert choose_parser(not_mail, "protokoll.txt").format == "text"
    front_matter = b"---\ntitle: x\n---\nFrom: a\n"
    assert choose_parser(front_matter, "notiz.md").format == "markdown"


def test_headerless_eml_is_refused_in_german():
    with pytest.raises((CorruptDocument, UnsupportedFormat)) as caught:
        parse_bytes(b"\x00\x01 kein Mailkopf", "kaputt.eml")
    assert "kaputt.eml" in str(caught.value)
