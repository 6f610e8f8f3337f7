"""Letterheads and contact blocks stay out of the passages; content, numbers and lifecycle lines stay in."""

from __future__ import annotations

import datetime as dt

from ingest.chunking import Chunker
from ingest.letterhead import is_letterhead, without_letterhead
from ingest.models import Block, ParsedDocument
from ingest.pipeline import prepare
from tests.conftest import CORPUS


def _doc(*blocks: Block) -> ParsedDocument:
    return ParsedDocument(blocks=list(blocks), format="pdf")


def test_the_kusel_circular_opens_with_its_title_not_its_letterhead():
    data = (CORPUS / "kusel" / "rs-2025-04-kdu-angemessenheit.pdf").read_bytes()
    prepared = prepare(data, "rs-2025-04-kdu-angemessenheit.pdf", Chunker())
    first = prepared.chunks[0].text
    for gone in ("Durchwahl", "Kusel, 14. April 2025", "Kreisverwaltung Kusel", "An: alle Mitarbeitenden", "Az.:"):
        assert gone not in first
    for kept in ("Rundschreiben Nr. 4/2025", "Ersetzt: Rundschreiben Nr. 2/2023"):
        assert kept in first
    assert prepared.meta.date == dt.date(2025, 4, 14)  # read from the letterhead before it went
    assert not any("Durchwahl" in c.text for c in prepared.chunks)


def test_contact_lines_place_and_date_and_authority_names_are_letterhead():
    for text in ("Auskunft: Sachgebietsleitung Leistung, Durchwahl -412", "Telefon: 06381 424-0",
                 "E-Mail: jobcenter@example.org", "Kusel, 14. April 2025", "Daun, den 26.08.2024",
                 "Kreisverwaltung Vulkaneifel", "Der Landrat – Jobcenter (zugelassener kommunaler Träger)",
                 "An: alle Teams Leistung", "Az.: 50.2 – 221/2025", "Geschäftszeichen: JC 30 – MI 01"):
        assert is_letterhead(Block(text, page=1)), text
    for text in ("Rundschreiben Nr. 4/2025", "Ersetzt: Rundschreiben Nr. 2/2023",
                 "Gültig ab: 1. Mai 2025", "Kosten der Unterkunft und Heizung",
                 "Jobcenter übernehmen die Kosten der Unterkunft in angemessener Höhe.",
                 "Landkreis und Jobcenter vereinbaren eine gemeinsame Sprechstunde, die montags stattfindet."):
        assert not is_letterhead(Block(text, page=1)), text
    assert not is_letterhead(Block("Jobcenter: Kusel | Fälle: 1.234", page=1, table=True))


def test_only_the_head_of_the_document_is_looked_at():
    body = Block("Die Leistungsberechtigten werden über die neue Angemessenheitsgrenze zum 1. Mai 2025 "
                 "schriftlich und in einfacher Sprache informiert.", 1)
    contact_later = Block("Telefon: 06381 424-0", 2)
    doc = _doc(Block("Kreisverwaltung Kusel", 1, level=1), Block("Kusel, 14. April 2025", 1),
               Block("Angemessenheitsgrenzen", 1, level=1), body, Block("Auskunft: Sachgebiet 50.2", 1),
               contact_later)
    assert [b.text for b in without_letterhead(doc).blocks] == [
        "Angemessenheitsgrenzen", body.text, "Auskunft: Sachgebiet 50.2", contact_later.text]


def test_a_document_that_is_nothing_but_letterhead_keeps_its_text():
    doc = _doc(Block("Kreisverwaltung Kusel", 1), Block("Telefon: 06381 424-0", 1))
    assert without_letterhead(doc) is doc
