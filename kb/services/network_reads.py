"""Reading the network's exchange: a thread, open questions per district and working group, the
questions citing a document or a norm, and a post's history.

Visibility is a condition in the query (`visible_questions`), as for documents: an `intern`
question exists only for its own district (and admins). A withdrawn or hidden post stays in its
thread as a placeholder (with the admin's reason), its text only for its author and admins; lists
show visible questions only. Each view says what the acting user may do with it, computed here
so that no template decides a permission.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session, sessionmaker

from kb.access import Acting
from kb.db.network_models import SICHTBAR, Answer, PostLink, PostRevision, Question, WorkingGroup
from kb.network_config import NetworkPostSettings
from kb.services.network import ANTWORT, FRAGE, can_see_question
from kb.services.network_names import thread_path
from kb.services.post_visibility import visible_questions


class PostOut(BaseModel):
    kind: str  # frage | antwort
    id: int
    question_id: int
    body: str  # empty when the viewer may not read a withdrawn or hidden post
    author_login: str
    district: str
    label: str  # "Frage aus Kusel" | "So handhabt es Mayen-Koblenz"
    status: str
    hidden_reason: str | None = None
    helpful: bool = False
    created_at: datetime
    updated_at: datetime
    edited: bool = False  # has a history ("Verlauf")
    norms: list[str] = Field(default_factory=list)
    document_ids: list[int] = Field(default_factory=list)
    can_edit: bool = False
    can_hide: bool = False
    can_mark_helpful: bool = False


class ThreadView(BaseModel):
    id: int
    title: str
    visibility: str
    working_group_id: int | None
    addressed: list[str]
    question: PostOut
    answers: list[PostOut]
    can_answer: bool = False


class QuestionSummary(BaseModel):
    id: int
    title: str
    district: str
    created_at: datetime
    answers: int
    working_group_id: int | None
    visibility: str
    url: str


class RevisionOut(BaseModel):
    title: str | None
    body: str
    edited_by: str
    edited_at: datetime


def _answered() -> ColumnElement[bool]:
    return exists().where(Answer.question_id == Question.id, Answer.status == SICHTBAR)


class NetworkReads(Acting):
    """The network's read side, bound to the acting user."""

    def __init__(self, sessions: sessionmaker[Session], limits: NetworkPostSettings) -> None:
        self.sessions = sessions
        self.limits = limits

    def thread(self, question_id: int) -> ThreadView | None:
        """A question with its answers; None when it does not exist for this user."""
        with self.sessions() as session:
            question = session.get(Question, question_id)
            if question is None or not can_see_question(self.principal, question):
                return None
            links = list(session.scalars(select(PostLink).where(PostLink.question_id == question_id)))
            edited = self._edited(session, question)
            posts = [self._post(question, FRAGE, links, edited)]
            posts += [self._post(a, ANTWORT, links, edited) for a in question.answers]
            return ThreadView(id=question.id, title=question.title, visibility=question.visibility,
                              working_group_id=question.working_group_id, addressed=list(question.addressed or []),
                              question=posts[0], answers=posts[1:],
                              can_answer=not self.principal.anonymous and question.status == SICHTBAR)

    def open_questions(self, district: str | None = None, group_id: int | None = None) -> list[QuestionSummary]:
        """Visible questions without a visible answer, newest first; `district` matches the
        asking district and the districts asked in particular."""
        return self.questions(district, group_id, open_only=True)

    def questions(self, district: str | None = None, group_id: int | None = None,
                  open_only: bool = False) -> list[QuestionSummary]:
        stmt = select(Question).where(visible_questions(self.principal), Question.status == SICHTBAR)
        if open_only:
            stmt = stmt.where(~_answered())
        if group_id is not None:
            stmt = stmt.where(Question.working_group_id == group_id)
        with self.sessions() as session:
            rows = session.scalars(stmt.order_by(Question.created_at.desc(), Question.id.desc()))
            found = [q for q in rows if district is None or district in (q.district, *(q.addressed or []))]
            return [_summary(q) for q in found[:self.limits.network_list_size]]

    def citing_document(self, document_id: int) -> list[QuestionSummary]:
        """Questions whose question or an answer links this document ("Fragen zu diesem Dokument")."""
        return self._linked(PostLink.document_id == document_id)

    def about_norm(self, norm: str) -> list[QuestionSummary]:
        """Questions about a norm (paragraph id such as 'SGB II § 22'), the norm page's list."""
        return self._linked(PostLink.norm == norm)

    def revisions(self, kind: str, post_id: int) -> list[RevisionOut] | None:
        """The earlier wordings of a post, newest first; None when the post is not to be seen."""
        with self.sessions() as session:
            post = session.get(Question if kind == FRAGE else Answer, post_id)
            question = post if isinstance(post, Question) else post.question if post else None
            if question is None or not can_see_question(self.principal, question) or not self._readable(post):
                return None
            rows = session.scalars(select(PostRevision).where(PostRevision.kind == kind,
                                                              PostRevision.post_id == post_id)
                                   .order_by(PostRevision.id.desc()))
            return [RevisionOut(title=r.title, body=r.body, edited_by=r.edited_by, edited_at=r.edited_at) for r in rows]

    def groups(self) -> list[tuple[int, str]]:
        """Active working groups (id, name) for the filters and the ask form."""
        with self.sessions() as session:
            rows = session.execute(select(WorkingGroup.id, WorkingGroup.name).where(WorkingGroup.active)
                                   .order_by(WorkingGroup.name))
            return [(group_id, name) for group_id, name in rows]

    def locate(self, kind: str, post_id: int) -> int | None:
        """The question a post belongs to, if this user may see it (edit pages need the thread)."""
        with self.sessions() as session:
            post = session.get(Question if kind == FRAGE else Answer, post_id)
            question = post if isinstance(post, Question) else post.question if post else None
            return question.id if question is not None and can_see_question(self.principal, question) else None

    def _linked(self, condition: ColumnElement[bool]) -> list[QuestionSummary]:
        ids = select(PostLink.question_id).where(condition)
        stmt = (select(Question).where(Question.id.in_(ids), visible_questions(self.principal),
                                       Question.status == SICHTBAR)
                .order_by(Question.created_at.desc()).limit(self.limits.network_list_size))
        with self.sessions() as session:
            return [_summary(q) for q in session.scalars(stmt)]

    def _readable(self, post: Question | Answer) -> bool:
        """A withdrawn or hidden post's text is for its author and admins only."""
        mine = self.principal.user_id is not None and post.author_id == self.principal.user_id
        return post.status == SICHTBAR or mine or self.principal.is_admin

    @staticmethod
    def _edited(session: Session, question: Question) -> set[tuple[str, int]]:
        ids = [question.id, *(a.id for a in question.answers)]
        rows = session.execute(select(PostRevision.kind, PostRevision.post_id).where(PostRevision.post_id.in_(ids)))
        return {(kind, post_id) for kind, post_id in rows}

    def _post(self, post: Question | Answer, kind: str, links: list[PostLink], edited: set) -> PostOut:
        answer_id = None if kind == FRAGE else post.id
        mine = [link for link in links if link.answer_id == answer_id]
        author = self.principal.user_id is not None and post.author_id == self.principal.user_id
        asker = isinstance(post, Answer) and self.principal.user_id is not None and \
            post.question.author_id == self.principal.user_id
        label = f"Frage aus {post.district}" if kind == FRAGE else f"So handhabt es {post.district}"
        return PostOut(kind=kind, id=post.id, question_id=post.id if kind == FRAGE else post.question_id,
                       body=post.body if self._readable(post) else "", author_login=post.author_login,
                       district=post.district, label=label, status=post.status, hidden_reason=post.hidden_reason,
                       helpful=getattr(post, "helpful", False), created_at=post.created_at,
                       updated_at=post.updated_at, edited=(kind, post.id) in edited,
                       norms=[link.norm for link in mine if link.norm],
                       document_ids=[link.document_id for link in mine if link.document_id],
                       can_edit=author and post.status == SICHTBAR, can_hide=self.principal.is_admin and
                       post.status == SICHTBAR, can_mark_helpful=asker and post.status == SICHTBAR)


def _summary(question: Question) -> QuestionSummary:
    answers = sum(1 for a in question.answers if a.status == SICHTBAR)
    return QuestionSummary(id=question.id, title=question.title, district=question.district,
                           created_at=question.created_at, answers=answers,
                           working_group_id=question.working_group_id, visibility=question.visibility,
                           url=thread_path(question.id))
