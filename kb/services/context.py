"""Norm context for the lexical index: what a chunk's citations stand for.

Legal texts refer by number ("nach § 28 Absatz 2", "Leistungen nach dem Zwölften Buch"); the
reader knows that § 28 is 'Bedarfe für Bildung und Teilhabe' and the Zwölfte Buch is the
Sozialhilfe, a search index does not. Each chunk is indexed with the titles of the sections it
cites (where their law text is in the collection) and the subject of each law it cites.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.legal import LAW_SUBJECTS, law_of_norm, section_title_without_number
from kb.db.models import Chunk


def section_titles(session: Session) -> dict[str, str]:
    """norm → title of its law text, for every law section in the collection."""
    rows = session.execute(select(Chunk.norm_self, Chunk.section)
                           .where(Chunk.norm_self.is_not(None)).distinct()).all()
    return {norm: section_title_without_number(section) for norm, section in rows}


def norm_context(cited: Iterable[str], titles: dict[str, str]) -> str:
    """Titles of the cited sections and subjects of the cited laws, each once."""
    parts: list[str] = []
    for norm in cited:
        parts += [titles.get(norm, ""), LAW_SUBJECTS.get(law_of_norm(norm), "")]
    return " ".join(dict.fromkeys(p for p in parts if p))
