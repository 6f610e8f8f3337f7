"""Validity read from a document's head: the phrase forms, the sentences that must not count,
and how text findings rank below front matter, sidecar and command line."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.chunking import Chunker
from ingest.metadata import MetaHints, hints_from_document
from ingest.models import Block, DocType, ParsedDocument
from ingest.pipeline import prepare
from ingest.validity import HEAD_LIMIT, Validity, validity_from_text

JULY_1, DEC_31 = date(2026, 7, 1), date(2026, 12, 31)


@pytest.mark.parametrize("text,expected", [
    ("Rundschreiben 4/2026 – gültig ab 1. Juli 2026", Validity(JULY_1)),
    ("Die Weisung gilt ab 01.07.2026.", Validity(JULY_1)),
    ("Gültig ab: 1.7.2026", Validity(JULY_1)),
    ("Gültig ab: 1.7.26", Validity(JULY_1)),
    ("Dieses Rundschreiben tritt am 1. Juli 2026 in Kraft.", Validity(JULY_1)),
    ("Diese Weisung tritt mit Wirkung vom 1. Januar 2027 in Kraft.", Validity(date(2027, 1, 1))),
    ("Die vorliegende Dienstanweisung tritt zum 1.7.2026 in Kraft.", Validity(JULY_1)),
    ("Inkrafttreten: 01.07.2026", Validity(JULY_1)),
    ("Adressaten: Teams Leistung In Kraft ab: 1. Juli 2026 1. Ziel", Validity(JULY_1)),
    ("Diese Fassung ist gültig bis 31.12.2026.", Validity(None, DEC_31)),
    ("Gültig bis: 2026-12-31", Validity(None, DEC_31)),
    ("Diese Weisung tritt mit Ablauf des 30. Juni 2026 außer Kraft.", Validity(None, date(2026, 6, 30))),
    ("Diese Weisung tritt am 1. Januar 2027 außer Kraft.", Validity(None, DEC_31)),  # not valid that day
    ("Außerkrafttreten: 1.1.2027", Validity(None, DEC_31)),
    ("befristet bis 31.12.2026", Validity(None, DEC_31)),
    ("Diese Arbeitshilfe ist bis zum 31.12.2026 befristet.", Validity(None, DEC_31)),
    ("Gültigkeit: 01.07.2026 – 31.12.2026", Validity(JULY_1, DEC_31)),
    ("Dieses Rundschreiben Nr. 3/2026 ist gültig vom 1. Juli 2026 bis 31. Dezember 2026.",
     Validity(JULY_1, DEC_31)),
    ("Stand: 14.04.2026. Diese Weisung gilt ab 1. Juli 2026.", Validity(JULY_1)),
    ("Kusel, 19. Januar 2026\nGültig ab: 1. Juli 2026\nGültig bis: 31. Dezember 2026", Validity(JULY_1, DEC_31)),
])
def test_phrase_forms(text, expected):
    assert validity_from_text(text) == expected


@pytest.mark.parametrize("text", [
    "Rundschreiben 5/2026\nDas Gesetz tritt am 1. Juli 2026 in Kraft.",
    "Hinweis: Das Gesetz zur Neuen Grundsicherung tritt am 1. Juli 2026 in Kraft.",
    "Die Änderungen des SGB II gelten ab 1.7.2026.",
    "Der neue Regelbedarf ist gültig ab 1.1.2027.",
    "Das Gesetz vom 16. April 2026 ist gültig ab 1.7.2026.",
    "Grundlage: Gesetz vom 16. April 2026; Inkrafttreten im Wesentlichen am 1. Juli 2026",
    "Inkrafttreten vorgesehen zum 1. Juni 2026 (Entwurf)",
    "§ 7 Abs. 1 Satz 2 Nr. 2b SGB II in der Fassung vom 16. August 2023 (gültig ab dem 1. Juni 2024)",
    "Maßnahmen nach den §§ 16, 16d in der bis 31. Dezember 2018 gültigen Fassung",
    "Die Verordnung tritt am Tag nach der Verkündung in Kraft.",
    "Gültig ab Juli 2026",  # no day: not a date a validity can start on
    "gültig ab 31.02.2026",  # no such day
])
def test_other_subjects_and_vague_dates_are_not_the_documents_validity(text):
    assert validity_from_text(text) == Validity()


def test_only_the_head_counts():
    filler = "Allgemeine Ausführungen zum Verfahren. " * (HEAD_LIMIT // 38 + 1)
    assert validity_from_text(filler + "Gültig ab: 1.7.2026") == Validity()
    assert validity_from_text("Gültig ab: 1.7.2026\n" + filler) == Validity(JULY_1)


def test_nearest_the_top_wins():
    text = "Gültig ab: 1. Juli 2026\nDiese Weisung gilt ab 1. August 2026."
    assert validity_from_text(text).valid_from == JULY_1


def circular(*lines: str, title: str = "Rundschreiben 4/2026 Kosten der Unterkunft") -> ParsedDocument:
    return ParsedDocument([Block(title, level=1)] + [Block(line) for line in lines], "text", title=title)


def test_document_hints_carry_the_validity_of_the_head():
    found = hints_from_document(circular("Gültig ab: 1. Juli 2026", "Befristet bis: 31.12.2026"), "rs.txt")
    assert (found.valid_from, found.valid_to) == (JULY_1, DEC_31)
    assert found.doc_type == DocType.RUNDSCHREIBEN


def test_law_texts_take_no_validity_from_their_text():
    law = circular("Diese Verordnung tritt am 1. Juli 2026 in Kraft.", "Gültig ab: 1.7.2026",
                   title="Verordnung zur Änderung der Bürgergeld-Verordnung")
    assert hints_from_document(law, "v.txt").valid_from is None
    stated_law = hints_from_document(circular("Gültig ab: 1.7.2026"), "rs.txt", MetaHints(doc_type=DocType.GESETZ))
    assert stated_law.valid_from is None


def test_text_pair_in_the_wrong_order_is_ignored_not_refused():
    doc = circular("Gültig ab: 1. Juli 2026", "Gültig bis: 30. Juni 2026")
    found = hints_from_document(doc, "rs.txt")
    assert (found.valid_from, found.valid_to) == (None, None)
    prepared = prepare(_text("Gültig ab: 1. Juli 2026\n\nGültig bis: 30. Juni 2026\n\nText."), "rs.md", Chunker())
    assert (prepared.meta.valid_from, prepared.meta.valid_to) == (None, None)


def test_text_date_contradicting_a_stated_one_is_dropped():
    prepared = prepare(_text("Gültig bis: 30. Juni 2026\n\nText."), "rs.md", Chunker(),
                       sidecar=MetaHints(valid_from=JULY_1))
    assert (prepared.meta.valid_from, prepared.meta.valid_to) == (JULY_1, None)


def test_front_matter_beats_text_and_sidecar_and_cli_beat_both():
    data = _text("Gültig ab: 1. Juli 2026\n\nGültig bis: 31.12.2026\n\nText.",
                 front="valid_from: 2026-08-01\n")
    by_front = prepare(data, "rs.md", Chunker())
    assert (by_front.meta.valid_from, by_front.meta.valid_to) == (date(2026, 8, 1), DEC_31)
    by_sidecar = prepare(data, "rs.md", Chunker(), sidecar=MetaHints(valid_from=date(2026, 9, 1)))
    assert by_sidecar.meta.valid_from == date(2026, 9, 1)
    by_cli = prepare(data, "rs.md", Chunker(), overrides=MetaHints(valid_from=date(2026, 10, 1), valid_to=None),
                     sidecar=MetaHints(valid_from=date(2026, 9, 1), valid_to=date(2027, 6, 30)))
    assert (by_cli.meta.valid_from, by_cli.meta.valid_to) == (date(2026, 10, 1), date(2027, 6, 30))
    plain = prepare(_text("Gültig ab: 1. Juli 2026\n\nText."), "rs.md", Chunker())
    assert plain.meta.valid_from == JULY_1


def _text(body: str, front: str = "") -> bytes:
    head = f"---\ntitle: Rundschreiben 4/2026\n{front}---\n\n" if front else "# Rundschreiben 4/2026\n\n"
    return (head + body + "\n").encode()
