"""Tables of the network's exchange: questions and answers between districts, working groups,
contact persons, what a user follows, and the read-only feed tokens.

Kept apart from `kb.db.models` (documents, accounts, jobs) so each module stays one subject. A
question and each answer are also indexed as documents of type `Netzwerkfrage`
(`document_id`), so the ordinary search finds them; these tables stay the source of truth for
threads, their history and moderation, the indexed documents are rebuilt from them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.db.models import Base, utcnow

SICHTBAR = "sichtbar"
ZURUECKGEZOGEN = "zurückgezogen"
VERBORGEN = "verborgen"
POST_STATES = (SICHTBAR, ZURUECKGEZOGEN, VERBORGEN)


class WorkingGroup(Base):
    """A thematic working group of the network (AG Leistung, AG Finanzen, …); the list is
    configured, rows are kept so that questions and minutes can refer to a group by id."""

    __tablename__ = "working_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GroupMember(Base):
    __tablename__ = "working_group_members"

    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class _Post:
    """Columns a question and an answer share: author, district, moderation state, index doc."""

    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    author_login: Mapped[str] = mapped_column(String(64))  # kept when the account is deleted
    district: Mapped[str] = mapped_column(String(128), index=True)  # the author's, when posted
    status: Mapped[str] = mapped_column(String(16), default=SICHTBAR, index=True)
    hidden_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Question(_Post, Base):
    """A question to the network; `addressed` lists districts asked in particular (empty: all)."""

    __tablename__ = "network_questions"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    working_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="SET NULL"), nullable=True, index=True)
    addressed: Mapped[list] = mapped_column(JSON, default=list)
    visibility: Mapped[str] = mapped_column(String(16), default="netzwerk", index=True)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Answer.id")


class Answer(_Post, Base):
    """An answer of a district; `helpful` is set by the asker ("hat geholfen")."""

    __tablename__ = "network_answers"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("network_questions.id", ondelete="CASCADE"), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean, default=False)

    question: Mapped[Question] = relationship(back_populates="answers")


class PostRevision(Base):
    """The text of a post before an edit: the history authors and readers can open."""

    __tablename__ = "network_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # frage | antwort
    post_id: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(String(300), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    edited_by: Mapped[str] = mapped_column(String(64))
    edited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PostLink(Base):
    """A norm or a document a question (answer_id NULL) or one of its answers cites; drives
    "Fragen zu dieser Norm" on norm pages and "Fragen zu diesem Dokument" on document pages."""

    __tablename__ = "network_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("network_questions.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_answers.id", ondelete="CASCADE"), nullable=True, index=True)
    norm: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=True, index=True)


class Follow(Base):
    """What a user follows: a question (target = its id), a working group (slug) or a norm id."""

    __tablename__ = "follows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # frage | gruppe | norm
    target: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "kind", "target"),)


class Contact(Base):
    """Who in a district is the contact for a topic: a function mailbox or a work contact only
    (never private data); edited by the district's redakteure."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district: Mapped[str] = mapped_column(String(128), index=True)
    topic: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))  # a function ("Team Leistung") or a work name
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    working_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="SET NULL"), nullable=True, index=True)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FeedToken(Base):
    """A read-only secret for a personal Atom feed URL ("Neu für mich"); stored as SHA-256 like
    API tokens, but it can read the user's feed only, so a leaked feed URL exposes no API."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class NetworkVisit(Base):
    """When a user last opened "Neu für mich": what is newer is new for them."""

    __tablename__ = "network_visits"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
