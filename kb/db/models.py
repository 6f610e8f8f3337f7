"""SQLAlchemy 2.x models: the database is the source of truth, indexes are rebuildable views.

Chunk vectors are stored here too (float32 bytes), so the FAISS index can be rebuilt after a
crash or a model-independent index change without re-embedding anything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_key: Mapped[str] = mapped_column(String(1024), unique=True)
    source_name: Mapped[str] = mapped_column(String(512))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    stored_file: Mapped[str] = mapped_column(String(512))
    format: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(1024))
    district: Mapped[str | None] = mapped_column(String(128), index=True)
    doc_type: Mapped[str] = mapped_column(String(32), index=True)
    doc_date: Mapped[date | None] = mapped_column(Date, index=True)
    law: Mapped[str | None] = mapped_column(String(64), index=True)
    page_count: Mapped[int | None] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

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


# -- feedback from the web UI (issue 4) ---------------------------------------------------------
from sqlalchemy import Boolean  # noqa: E402  (kept with the model it serves)


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
