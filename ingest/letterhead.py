"""Letterheads and contact blocks: what a circular's first page carries that is not its content.

A Rundschreiben opens with the authority's name ("Kreisverwaltung Kusel", "Abteilung Jobcenter
…"), place and date ("Kusel, 14. April 2025"), a distribution and contact block ("An: alle
Mitarbeitenden … Auskunft: Sachgebietsleitung, Durchwahl -412", "Telefon", "E-Mail"). As text of
the first passage these lines win snippets and answer highlights for any question that shares a
word with them, and they never answer anything. They are recognised by *position* — only in the
head of the document: the blocks of its first page before the first numbered heading or the first
paragraph of prose — and by *shape* (the fixed labels of German official letters, a place-and-date
line, an authority's name), and left out of the passages. Running headers and footers, the
*repetition* case, are dropped earlier, per page, by the PDF parser (`pdf_lines.strip_running_lines`).

Kept on purpose: the title, the circular's number ("Rundschreiben Nr. 4/2025") and lifecycle
lines ("Ersetzt:", "Gültig ab:", "Stand:"). File references ("Az.:", "Geschäftszeichen:") go with
the letterhead: left alone under the authority's name they made a passage of their own that
matched nothing. Metadata (date, district, replaces) is read from the document before this runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ingest.models import Block, ParsedDocument

_LABEL = (r"An|Verteiler|Az\.?|Aktenzeichen|Geschäftszeichen|Unser Zeichen|Ihr Zeichen|"
          r"Auskunft|Auskunft erteilt|Ansprechpartner(?:in)?|Bearbeiter(?:in)?|Sachbearbeit\w*|"
          r"Durchwahl|Telefon|Tel\.?|Telefax|Fax|E-?Mail|Mail|Internet|Zimmer|Raum|Sprechzeiten|Öffnungszeiten|"
          r"Bankverbindung|IBAN|BIC|Postanschrift|Hausanschrift|Besucheranschrift")
CONTACT = re.compile(rf"^(?:{_LABEL})\s*:", re.IGNORECASE)
PLACE_DATE = re.compile(r"^[A-ZÄÖÜ][\w.\- ]{1,40},\s+(?:den\s+)?\d{1,2}\.\s*(?:\d{1,2}\.|[A-Za-zäöü]+)\s*\d{4}$")
AUTHORITY = re.compile(r"^(?:Kreisverwaltung|Landkreis|Jobcenter|Abteilung|Fachbereich|Referat|Dezernat|"
                       r"Stadtverwaltung|Der Landrat|Die Landrätin|Der Oberbürgermeister)\b", re.IGNORECASE)
NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|§\s*\d+|[A-H]\.)\s+\S")


def is_letterhead(block: Block) -> bool:
    if block.table:  # a table row ("Kreis: Kusel | Jahr: 2026") is content, whatever it starts with
        return False
    text = " ".join(block.text.split())
    if CONTACT.match(text) or PLACE_DATE.match(text):
        return True
    return len(text) <= 120 and not text.endswith(".") and bool(AUTHORITY.match(text))


def head_length(blocks: Sequence[Block]) -> int:
    """How many blocks open the document before its content starts: the first page's blocks up
    to the first numbered heading or paragraph of prose."""
    first_page = blocks[0].page if blocks else None
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if block.page != first_page or NUMBERED.match(text) or _prose(block):
            return i
    return len(blocks)


def _prose(block: Block) -> bool:
    text = block.text.strip()
    return not block.is_heading and len(text.split()) >= 12 and text.endswith((".", ":", ";")) \
        and not CONTACT.match(text)


def without_letterhead(doc: ParsedDocument) -> ParsedDocument:
    """The document without the letterhead lines of its head; unchanged if that would leave no text."""
    head = head_length(doc.blocks)
    kept = [b for i, b in enumerate(doc.blocks) if i >= head or not is_letterhead(b)]
    if len(kept) == len(doc.blocks) or not any(b.text.strip() for b in kept):
        return doc
    return replace(doc, blocks=kept)
