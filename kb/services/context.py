"""Norm context for the lexical index: what a chunk's citations stand for.

Legal texts refer by number ("nach § 28 Absatz 2", "Leistungen nach dem Zwölften Buch"); the
reader knows that § 28 is 'Bedarfe für Bildung und Teilhabe' and the Zwölfte Buch is the
Sozialhilfe, a search index does not. Each chunk is indexed with the titles of the sections it
cites (where their law text is in the collection) and the subject of each law it cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kb.db.models import Chunk

LAW_SUBJECTS = {
    "SGB I": "Allgemeiner Teil Sozialgesetzbuch", "SGB II": "Grundsicherung für Arbeitsuchende",
    "SGB III": "Arbeitsförderung", "SGB IV": "Gemeinsame Vorschriften für die Sozialversicherung",
    "SGB V": "Gesetzliche Krankenversicherung", "SGB VI": "Gesetzliche Rentenversicherung",
    "SGB VII": "Gesetzliche Unfallversicherung", "SGB VIII": "Kinder- und Jugendhilfe",
    "SGB IX": "Rehabilitation und Teilhabe von Menschen mit Behinderungen",
    "SGB X": "Sozialverwaltungsverfahren und Sozialdatenschutz", "SGB XI": "Soziale Pflegeversicherung",
    "SGB XII": "Sozialhilfe", "SGB XIV": "Soziale Entschädigung", "BGB": "Bürgerliches Gesetzbuch",
    "WoGG": "Wohngeld", "BKGG": "Kindergeld Kinderzuschlag", "UVG": "Unterhaltsvorschuss",
    "AsylbLG": "Asylbewerberleistungen", "BAföG": "Ausbildungsförderung", "SGG": "Sozialgericht",
    "EStG": "Einkommensteuer", "AufenthG": "Aufenthalt", "ErrV": "Erreichbarkeit",
}
_NUMBER_PREFIX = re.compile(r"^(?:§+|Art\.?)\s*[\w.]+\s*[–-]?\s*")


def section_titles(session: Session) -> dict[str, str]:
    """norm → title of its law text, for every law section in the collection."""
    rows = session.execute(select(Chunk.norm_self, Chunk.section)
                           .where(Chunk.norm_self.is_not(None)).distinct()).all()
    return {norm: _NUMBER_PREFIX.sub("", section or "").strip() for norm, section in rows}


def norm_context(cited: Iterable[str], titles: dict[str, str]) -> str:
    """Titles of the cited sections and subjects of the cited laws, each once."""
    parts: list[str] = []
    for norm in cited:
        law = norm.split(" §")[0].split(" Art.")[0]
        parts += [titles.get(norm, ""), LAW_SUBJECTS.get(law, "")]
    return " ".join(dict.fromkeys(p for p in parts if p))
