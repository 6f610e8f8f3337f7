"""Document types as titles and queries name them ("Rundschreiben 3/2024", "nach Weisung der BA").

Two tables, because the two readings differ on purpose: a title gets exactly one type, so its
patterns are tried in order from the most telling ("Protokoll" before "Weisung": minutes often
discuss a Weisung) and may look at the start of the title; a query may ask for several types, so
every pattern is tried, each anchored at a word start because queries are free text. Both are
keyed by `DocType`, so a type the query asks for is always a type a document can have.
"""

from __future__ import annotations

import re

from ingest.errors import IngestError
from ingest.legal.folding import fold
from ingest.models import DocType

TITLE_PATTERNS: list[tuple[DocType, str]] = [
    (DocType.PROTOKOLL, r"Protokoll|Niederschrift|Ergebnisvermerk|Sitzung"),
    (DocType.RECHTSAENDERUNG, r"Rechts(?:ä|ae)nderung|Gesetzes(?:ä|ae)nderung|(?:Ä|Ae)nderungen? (?:durch|im|zum)"),
    (DocType.WEISUNG, r"Weisung|Dienstanweisung|Fachliche Hinweise|Arbeitshilfe"),
    (DocType.RUNDSCHREIBEN, r"Rundschreiben|Rundverfügung|Rundbrief"),
    (DocType.SCHULUNG, r"Schulung|Einarbeitung|Fortbildung|Seminar|Leitfaden"),
    (DocType.URTEIL, r"Urteil|Beschluss|Gerichtsbescheid|\bIM NAMEN DES VOLKES\b"),
    (DocType.GESETZ, r"^(?:Sozialgesetzbuch|Gesetz|Verordnung)\b|^\w+ Buch Sozialgesetzbuch\b|"
                     r"\bGesetz(?:es)?\b.*\bvom\b|-Verordnung\b"),
]
"""Type hints in a document's title or first lines, first match wins."""

QUERY_PATTERNS: dict[DocType, str] = {
    DocType.WEISUNG: r"\bWeisung(?:en)?\b|\bDienstanweisung|\bArbeitshilfe",
    DocType.RUNDSCHREIBEN: r"\bRundschreiben\b|\bRundverfügung",
    DocType.PROTOKOLL: r"\bProtokoll|\bNiederschrift|\bSitzung\b",
    DocType.URTEIL: r"\bUrteil|\bRechtsprechung|\bGerichts?\b",
    DocType.SCHULUNG: r"\bSchulung|\bEinarbeitung|\bFortbildung",
    DocType.RECHTSAENDERUNG: r"\bRechts(?:ä|ae)nderung|\bGesetzes(?:ä|ae)nderung",
    DocType.GESETZ: r"\bGesetzestext|\bWortlaut des Gesetzes|\blaut Gesetz",
}
"""Types a query asks for, in the order `asked_doc_types` reports them (case is ignored)."""


def asked_doc_types(text: str) -> list[str]:
    """Document types the query names ('… nach Weisung der BA' asks for a Weisung), as the
    type names documents are filtered by, in the order of `QUERY_PATTERNS`."""
    return [t.value for t, pattern in QUERY_PATTERNS.items() if re.search(pattern, text, re.IGNORECASE)]


def detect_doc_type(title: str, head: str) -> DocType | None:
    """The type a title names (any case), else the type the first 400 characters name (as
    written: in running text "beschluss" or "sitzung" need not mean the document is one)."""
    for doc_type, pattern in TITLE_PATTERNS:
        if re.search(pattern, title, re.I | re.M):
            return doc_type
    for doc_type, pattern in TITLE_PATTERNS:
        if re.search(pattern, head[:400], re.M):
            return doc_type
    return None


def parse_doc_type(value: str) -> DocType:
    """The type a user states ('rundschreiben', 'RECHTSAENDERUNG'); anything else is an error
    that lists the allowed names, since a typo would otherwise file the document as 'Sonstiges'."""
    folded = fold(value)
    for member in DocType:
        if fold(member.value) == folded or member.name.lower() == folded:
            return member
    allowed = ", ".join(m.value for m in DocType)
    raise IngestError(f"Unbekannter Dokumenttyp '{value}' (erlaubt: {allowed})")
