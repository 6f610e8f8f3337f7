"""As-you-type suggestions for the search box: corrected typos, field terms, cited norms and
document titles.

Caseworkers often know the paragraph ("§ 22 SGB II") or the circular's title but not its exact
wording; suggesting both while typing saves a search round trip. A typed abbreviation ("KdU")
also suggests what it stands for. Indexed lookups and the vocabulary file, no model.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from pydantic import BaseModel, Field
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from index.vocabulary import Vocabulary
from ingest.citations import parse_norm_query
from kb.access import SYSTEM, Principal, visible_documents
from kb.db.models import Chunk, ChunkNorm, Document

MIN_CHARS = 2
_LAST_WORD = re.compile(r"[^\W\d_]+$")


class Suggestion(BaseModel):
    kind: str  # "correction" | "term" | "norm" | "document"
    label: str
    norm: str | None = None
    document_id: int | None = None
    district: str | None = None
    doc_type: str | None = None
    date: dt.date | None = None


class Suggestions(BaseModel):
    query: str
    items: list[Suggestion] = Field(default_factory=list)


def suggest(session: Session, text: str, norms: int = 4, titles: int = 6,
            correct: Callable[[str], str | None] | None = None, principal: Principal = SYSTEM) -> Suggestions:
    """`correct` spells a text as the collection does (None: nothing to correct); without it,
    no correction is offered. Norms and titles come from documents the principal may see."""
    typed, text = text, " ".join(text.split())[:100]
    if len(text) < MIN_CHARS:
        return Suggestions(query=text)
    fix = correction_suggestion(typed, correct) if correct else None
    return Suggestions(query=text, items=([fix] if fix else []) + term_suggestions(text)
                       + norm_suggestions(session, text, norms, principal)
                       + title_suggestions(session, text, titles, principal))


def correction_suggestion(text: str, correct: Callable[[str], str | None]) -> Suggestion | None:
    """'Mehrbedraf für Allein' → 'Mehrbedarf für Allein': the query with its typos corrected,
    offered while typing. Only finished words count (followed by a space or a sign): the word
    being typed is no typo yet, and stays as it is."""
    typing = _LAST_WORD.search(text)
    done, rest = (text[:typing.start()], typing.group()) if typing else (text, "")
    fixed = correct(done) if done.strip() else None
    return Suggestion(kind="correction", label=" ".join((fixed + rest).split())) if fixed else None


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return Vocabulary.load()


def term_suggestions(text: str, limit: int = 2) -> list[Suggestion]:
    """What a typed field term stands for: 'KdU' → 'Kosten der Unterkunft und Heizung'
    (not for citations: '§ 22 SGB 2' wants the norm, not 'Zweites Buch Sozialgesetzbuch')."""
    if parse_norm_query(text):
        return []
    items = []
    for entry, typed in _vocabulary().matches(text)[:limit]:
        written = [t for t in entry.terms if t != typed and len(t) > len(typed)]
        if written:
            items.append(Suggestion(kind="term", label=written[0], norm=entry.norm))
    return items


def norm_suggestions(session: Session, text: str, limit: int, principal: Principal = SYSTEM) -> list[Suggestion]:
    """"§22 sgb 2" finds "SGB II § 22" and its siblings (§ 22a …); "22" finds every § 22."""
    parsed = parse_norm_query(text)
    if parsed:
        condition = ChunkNorm.norm.startswith(parsed.split(" Abs.")[0], autoescape=True)
    else:
        bare = text.replace("§", "").strip()
        if not bare:
            return []
        condition = func.lower(ChunkNorm.norm).contains(bare.lower(), autoescape=True)
    stmt = select(ChunkNorm.norm, func.count()).where(condition)
    if not principal.sees_all():
        stmt = (stmt.join(Chunk, Chunk.id == ChunkNorm.chunk_id).join(Document, Document.id == Chunk.document_id)
                .where(visible_documents(principal)))
    rows = session.execute(stmt.group_by(ChunkNorm.norm).order_by(func.count().desc(), ChunkNorm.norm)
                           .limit(limit)).all()
    return [Suggestion(kind="norm", label=norm, norm=norm) for norm, _ in rows]


def title_suggestions(session: Session, text: str, limit: int, principal: Principal = SYSTEM) -> list[Suggestion]:
    """Titles containing every typed word (case-insensitive for ASCII and umlauts alike)."""
    words = [w for w in text.replace("§", " ").split() if len(w) >= MIN_CHARS][:6]
    if not words:
        return []
    conditions = [or_(Document.title.contains(w, autoescape=True),
                      func.lower(Document.title).contains(w.lower(), autoescape=True)) for w in words]
    stmt = (select(Document).where(*conditions, visible_documents(principal))
            .order_by(Document.doc_date.desc().nulls_last(), Document.title).limit(limit))
    return [Suggestion(kind="document", label=d.title, document_id=d.id, district=d.district,
                       doc_type=d.doc_type, date=d.doc_date) for d in session.scalars(stmt)]
