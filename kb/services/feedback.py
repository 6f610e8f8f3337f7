"""Feedback on results ("hilfreich / nicht hilfreich"), its admin list and its export as
evaluation questions for `kb eval`.

Caseworkers' judgements are the cheapest source of realistic test questions: every helpful rating
is a question in their words with the passage that answered it. Exporting them in the format of
`kb eval` turns daily use into a growing regression set for the search.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import func, select, true
from sqlalchemy.orm import Session, joinedload, sessionmaker

from kb.access import SYSTEM, Acting, Principal, visible_documents
from kb.db.models import Chunk, Document, Feedback
from kb.services.evaluation import Question
from kb.services.schemas import RowId, UtcDateTime

MAX_QUERY = 1000


class FeedbackIn(BaseModel):
    query: str = Field(..., min_length=1, max_length=MAX_QUERY)
    chunk_id: RowId
    helpful: bool
    mode: Literal["search", "precedent"] = "search"


class FeedbackEntry(BaseModel):
    id: int
    created_at: UtcDateTime
    query: str
    chunk_id: int | None
    document_id: int | None  # None once the passage was deleted
    document_title: str | None
    document_source: str
    section: str | None
    helpful: bool
    mode: str


class FeedbackList(BaseModel):
    total: int
    helpful: int
    not_helpful: int
    entries: list[FeedbackEntry]


def record(session: Session, item: FeedbackIn, principal: Principal = SYSTEM) -> FeedbackEntry | None:
    """Store one rating; None when the passage does not exist or is not the principal's to see
    (stale page, forged form)."""
    chunk = session.get(Chunk, item.chunk_id, options=[joinedload(Chunk.document)])
    if chunk is None or not principal.can_see(chunk.document.district, chunk.document.visibility):
        return None
    row = Feedback(query=" ".join(item.query.split())[:MAX_QUERY], chunk_id=chunk.id,
                   document_source=chunk.document.source_name, section=chunk.section,
                   helpful=item.helpful, mode=item.mode)
    session.add(row)
    session.flush()
    return _entry(row, chunk)


def _visible_feedback(principal: Principal):
    """Ratings of passages the principal may see; ratings of deleted passages (whose document
    can no longer be checked) only for those who see everything."""
    if principal.sees_all():
        return true()
    return Feedback.chunk_id.in_(select(Chunk.id).join(Document).where(visible_documents(principal)))


def list_feedback(session: Session, limit: int = 200, offset: int = 0,
                  principal: Principal = SYSTEM) -> FeedbackList:
    where = _visible_feedback(principal)
    counts = dict(session.execute(select(Feedback.helpful, func.count()).where(where)
                                  .group_by(Feedback.helpful)).all())
    rows = session.execute(
        select(Feedback, Chunk).outerjoin(Chunk, Chunk.id == Feedback.chunk_id).where(where)
        .options(joinedload(Chunk.document))
        .order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit).offset(offset)).all()
    helpful, unhelpful = int(counts.get(True, 0)), int(counts.get(False, 0))
    return FeedbackList(total=helpful + unhelpful, helpful=helpful, not_helpful=unhelpful,
                        entries=[_entry(fb, chunk) for fb, chunk in rows])


def _entry(row: Feedback, chunk: Chunk | None) -> FeedbackEntry:
    doc = chunk.document if chunk is not None else None
    return FeedbackEntry(id=row.id, created_at=row.created_at, query=row.query, chunk_id=row.chunk_id,
                         document_id=doc.id if doc else None, document_title=doc.title if doc else None,
                         document_source=row.document_source, section=row.section,
                         helpful=row.helpful, mode=row.mode)


def eval_questions(session: Session, principal: Principal = SYSTEM) -> list[Question]:
    """One question per (query, source, section) rated helpful more often than not."""
    net: dict[tuple[str, str, str | None], int] = {}
    rows = session.execute(select(Feedback.query, Feedback.document_source, Feedback.section,
                                  Feedback.helpful).where(_visible_feedback(principal)).order_by(Feedback.id)).all()
    for query, source, section, helpful in rows:
        key = (query, source, section)
        net[key] = net.get(key, 0) + (1 if helpful else -1)
    return [Question(q=q, source=source, section=section)
            for (q, source, section), score in net.items() if score > 0]


class FeedbackService(Acting):
    """Ratings as the routes and the CLI use them: record one, list them, export questions."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def add(self, item: FeedbackIn) -> FeedbackEntry | None:
        with self.sessions.begin() as session:
            return record(session, item, self.principal)

    def list(self, limit: int = 200, offset: int = 0) -> FeedbackList:
        with self.sessions() as session:
            return list_feedback(session, limit, offset, self.principal)

    def questions(self) -> list[Question]:
        """Helpful ratings as `kb eval` questions."""
        with self.sessions() as session:
            return eval_questions(session, self.principal)
