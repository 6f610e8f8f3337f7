"""SQLAlchemy 2.x models: the database is the source of truth, indexes are rebuildable views.

Chunk vectors are stored here too (float32 bytes), so the FAISS index can be rebuilt after a
crash or a model-independent index change without re-embedding anything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

MAX_ID = 2**31 - 1
"""The largest row id: ids are SQL INTEGER, 32 bits on PostgreSQL (64 on SQLite). Every id that
arrives from outside is checked against it before it reaches a query, so a hostile `2**63`
is a clear "not found"/422, never a driver overflow."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"
    # AUTOINCREMENT on SQLite: ids of deleted documents are never reused (PostgreSQL sequences
    # never reuse anyway), so an old link cannot open a different document.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Where the file came from; all versions of a document share it, only the current one is
    # found by it (`store.document_by_key`).
    source_key: Mapped[str] = mapped_column(String(1024), index=True)
    source_name: Mapped[str] = mapped_column(String(512))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    stored_file: Mapped[str] = mapped_column(String(512))
    format: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(1024))
    district: Mapped[str | None] = mapped_column(String(128), index=True)
    doc_type: Mapped[str] = mapped_column(String(32), index=True)
    doc_date: Mapped[date | None] = mapped_column(Date, index=True)
    law: Mapped[str | None] = mapped_column(String(64), index=True)
    visibility: Mapped[str] = mapped_column(String(16), default="netzwerk", index=True)  # netzwerk | intern
    page_count: Mapped[int | None] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # -- lifecycle: versions of one document share a series; validity and supersession decide
    # which of them a search shows on a given day (`kb.services.validity`).
    series_key: Mapped[str] = mapped_column(String(1100), index=True, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True)
    superseded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    supersession: Mapped[str | None] = mapped_column(String(16), nullable=True)  # version | replaced
    # -- law texts: the legal state a version shows (`ingest.law_stand`); None: not stated, the
    # day it was read in stands for it (`kb.services.law_versions`).
    stand: Mapped[date | None] = mapped_column(Date, nullable=True)
    stand_note: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # -- extraction: pages read by OCR as [{"page": n, "confidence": 0..100}] (None: no OCR),
    # a note when nothing usable was extracted, and the mail a file came attached to.
    ocr_pages: Mapped[list | None] = mapped_column(JSON, nullable=True)
    extraction_note: Mapped[str | None] = mapped_column(String(500), nullable=True)
    attached_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True)
    working_group: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)  # slug

    chunks: Mapped[list[Chunk]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Chunk.ordinal")


class Chunk(Base):
    __tablename__ = "chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(String(1024))
    heading_path: Mapped[list] = mapped_column(JSON, default=list)
    page_start: Mapped[int | None] = mapped_column(Integer)
    page_end: Mapped[int | None] = mapped_column(Integer)
    norm_self: Mapped[str | None] = mapped_column(String(128), index=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)

    document: Mapped[Document] = relationship(back_populates="chunks")
    norms: Mapped[list[ChunkNorm]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (UniqueConstraint("document_id", "ordinal"),)


class ChunkNorm(Base):
    """One row per norm a chunk cites or is; drives the norm filter and the norm index."""

    __tablename__ = "chunk_norms"

    chunk_id: Mapped[int] = mapped_column(ForeignKey("chunks.id", ondelete="CASCADE"), primary_key=True)
    norm: Mapped[str] = mapped_column(String(128), primary_key=True)
    relation: Mapped[str] = mapped_column(String(8), default="cites")  # "cites" | "is"

    __table_args__ = (Index("ix_chunk_norms_norm", "norm"),)


class Meta(Base):
    """Key/value state of the store, e.g. the write generation the indexes must match."""

    __tablename__ = "kb_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# -- feedback from the web UI ------------------------------------------------------------------
class Feedback(Base):
    """A caseworker's "hilfreich / nicht hilfreich" on one result, kept with the query.

    Source file and section are copied, not only linked: the rating stays usable as an evaluation
    question (`kb feedback export`) after the chunk is deleted or re-ingested (chunk_id → NULL).
    """

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    query: Mapped[str] = mapped_column(String(1000))
    chunk_id: Mapped[int | None] = mapped_column(
        ForeignKey("chunks.id", ondelete="SET NULL"), index=True, nullable=True)
    document_source: Mapped[str] = mapped_column(String(512))
    section: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    mode: Mapped[str] = mapped_column(String(16), default="search")  # search | precedent


# -- accounts, sessions, tokens and the audit log ------------------------------------------------
class User(Base):
    """A person of one district (or of the network) with one role; the password only as a hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))  # leser | redakteur | admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ApiToken(Base):
    """A personal token for the JSON API; stored as the SHA-256 of a random 256-bit secret."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    user: Mapped[User] = relationship()


class WebSession(Base):
    """A signed-in browser; the cookie holds a random id, the table its hash. Logging out
    deletes the row, so a copied cookie is worthless afterwards."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()


class AuditEntry(Base):
    """Append-only: who did what to which object, when and from where."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    login: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    object_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    object_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str | None] = mapped_column(String(64), nullable=True)


# -- background jobs ------------------------------------------------------------------------------
class Job(Base):
    """A persistent unit of write work (upload, re-ingest, re-index, sync) run by the worker.

    Kept in the database, not in memory, so that a job survives a restart: an interrupted job is
    resumed from its first unfinished item or marked failed with the reason.
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # upload | reingest | reindex | sync
    login: Mapped[str] = mapped_column(String(64), index=True)  # who started it ("system": CLI)
    state: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    files_total: Mapped[int] = mapped_column(Integer, default=0)
    files_done: Mapped[int] = mapped_column(Integer, default=0)
    files_failed: Mapped[int] = mapped_column(Integer, default=0)
    chunks: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    items: Mapped[list[JobItem]] = relationship(
        back_populates="job", cascade="all, delete-orphan", passive_deletes=True,
        order_by="JobItem.ordinal")


class JobItem(Base):
    """One file of a job with its outcome; `done` items are not redone when a job resumes."""

    __tablename__ = "job_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(1024))  # as shown: file name or path
    path: Mapped[str | None] = mapped_column(String(2048), nullable=True)  # file to read (staged or source)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reason: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    chunks: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    job: Mapped[Job] = relationship(back_populates="items")

    __table_args__ = (UniqueConstraint("job_id", "ordinal"),)


# -- the change radar -------------------------------------------------------------------------------
class RadarFlag(Base):
    """A document that cites norms a new version of a law changed or repealed, to be checked:
    `offen` until an editor marks it `geprüft` (still valid) or `ersetzt` (by `replaced_by_id`).
    One flag per document and law version (`kb.services.radar`), so scanning again adds nothing."""

    __tablename__ = "radar_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    law: Mapped[str] = mapped_column(String(64), index=True)
    old_law_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    new_law_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    norms: Mapped[dict] = mapped_column(JSON, default=dict)  # "SGB II § 15" → changed | repealed
    state: Mapped[str] = mapped_column(String(16), default="offen", index=True)  # offen | geprüft | ersetzt
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True)
    checked_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    __table_args__ = (UniqueConstraint("document_id", "new_law_id"),)


# Registers the network tables on `Base.metadata` wherever the models are imported (migrations).
from kb.db import network_models as _network_models  # noqa: E402,F401
