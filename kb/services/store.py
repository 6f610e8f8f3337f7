"""Database reads and writes of documents and chunks, always through a caller's transaction.

Writes bump the store's generation in the same transaction, so the indexes can tell whether they
reflect the committed state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ingest.models import PreparedDocument
from kb.access import EVERYTHING, Principal, visible_documents
from kb.db.models import MAX_ID, Chunk, ChunkNorm, Document, Meta
from kb.services.context import norm_context, section_titles
from kb.services.schemas import SearchFilters
from kb.services.validity import currency

if TYPE_CHECKING:  # numpy is imported by the functions that need it: `kb stats` does not
    import numpy as np

GENERATION = "generation"
ACCESS = "access"  # moves on with every visibility change (which leaves the indexes as they are)
# The generation the saved index files were last brought to. Behind GENERATION after a process
# died between committing and saving: the next job then saves (see `Ingestor.indexes_behind`).
INDEXES_SAVED = "indexes_saved"


def generation(session: Session, key: str = GENERATION) -> int:
    row = session.get(Meta, key)
    return int(row.value) if row else 0


def set_generation(session: Session, key: str, value: int) -> None:
    row = session.get(Meta, key, with_for_update=True)
    if row is None:
        session.add(Meta(key=key, value=str(value)))
    else:
        row.value = str(value)


def bump_generation(session: Session, key: str = GENERATION) -> int:
    row = session.get(Meta, key, with_for_update=True)
    if row is None:
        row = Meta(key=key, value="0")
        session.add(row)
    row.value = str(int(row.value) + 1)
    return int(row.value)


def document_by_key(session: Session, source_key: str) -> Document | None:
    """The newest document read from this source (older versions share the key)."""
    return session.scalar(select(Document).where(Document.source_key == source_key)
                          .order_by(Document.id.desc()).limit(1))


def document_by_hash(session: Session, content_hash: str) -> Document | None:
    return session.scalar(select(Document).where(Document.content_hash == content_hash).limit(1))


def find_document(session: Session, ref: str) -> Document | None:
    """A document by id, by source key/path or by its file name (when unique)."""
    if ref.isascii() and ref.isdigit():  # '²'.isdigit() is True, int('²') fails
        number = int(ref) if len(ref) <= len(str(MAX_ID)) else 0  # int('9' * 5000) fails too
        return session.get(Document, number) if 1 <= number <= MAX_ID else None
    doc = document_by_key(session, ref)
    if doc:
        return doc
    matches = session.scalars(select(Document).where(Document.source_name == ref)).all()
    return matches[0] if len(matches) == 1 else None


def insert_document(session: Session, prepared: PreparedDocument, vectors: np.ndarray,
                    source_key: str, stored_file: str, size: int, visibility: str = "netzwerk",
                    attached_to: int | None = None) -> Document:
    import numpy as np

    meta = prepared.meta
    doc = Document(
        source_key=source_key, source_name=meta.source_name, content_hash=meta.content_hash,
        stored_file=stored_file, format=meta.format, title=meta.title[:1000],
        district=meta.district, doc_type=meta.doc_type.value, doc_date=meta.date, law=meta.norm,
        page_count=meta.page_count, size_bytes=size, chunk_count=len(prepared.chunks),
        visibility=visibility, series_key=source_key, valid_from=meta.valid_from, valid_to=meta.valid_to,
        stand=meta.stand, stand_note=meta.stand_note, ocr_pages=meta.ocr_pages,
        extraction_note=(meta.extraction_note or None) and meta.extraction_note[:500], attached_to_id=attached_to,
        working_group=meta.working_group,
    )
    for chunk, vector in zip(prepared.chunks, vectors, strict=True):
        row = Chunk(ordinal=chunk.ordinal, text=chunk.text, section=chunk.section,
                    heading_path=list(chunk.heading_path), page_start=chunk.page_start,
                    page_end=chunk.page_end, norm_self=chunk.norm_self,
                    vector=np.asarray(vector, np.float32).tobytes())
        row.norms = _norm_rows(chunk.norm_self, chunk.norms_cited)
        doc.chunks.append(row)
    session.add(doc)
    session.flush()
    return doc


def link_attachment(session: Session, doc_id: int, mail_id: int) -> None:
    doc = session.get(Document, doc_id)
    if doc is not None:
        doc.attached_to_id = mail_id


def _norm_rows(norm_self: str | None, cited: Iterable[str]) -> list[ChunkNorm]:
    rows = [ChunkNorm(norm=norm_self, relation="is")] if norm_self else []
    rows += [ChunkNorm(norm=n, relation="cites") for n in dict.fromkeys(cited) if n != norm_self]
    return rows


def chunk_ids_of(session: Session, document_id: int) -> list[int]:
    return list(session.scalars(select(Chunk.id).where(Chunk.document_id == document_id)))


def delete_document(session: Session, doc: Document) -> list[int]:
    """Delete a document with its chunks; returns the removed chunk ids for the indexes."""
    ids = chunk_ids_of(session, doc.id)
    if ids:
        session.execute(delete(ChunkNorm).where(ChunkNorm.chunk_id.in_(ids)))
        session.execute(delete(Chunk).where(Chunk.id.in_(ids)))
    session.delete(doc)
    return ids


def touch(doc: Document) -> None:
    doc.updated_at = datetime.now(UTC)


def iter_vectors(session: Session, batch: int = 2000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """All stored (ids, vectors) in batches, for rebuilding the vector index."""
    import numpy as np

    for rows in chunk_rows(session, Chunk.vector, batch):
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        yield ids, np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows])


def chunk_rows(session: Session, column, batch: int) -> Iterator[list]:
    """(chunk id, column) rows in id order, a batch at a time (keyset paging: no OFFSET scans)."""
    last = 0
    while True:
        rows = session.execute(select(Chunk.id, column).where(Chunk.id > last)
                               .order_by(Chunk.id).limit(batch)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def iter_texts(session: Session, batch: int = 1000) -> Iterator[tuple[list[int], list[tuple[str, str, str]]]]:
    """All (chunk ids, [(heading, text, norm context)]) in batches, for rebuilding the lexical index."""
    titles = section_titles(session)
    last = 0
    while True:
        rows = session.scalars(select(Chunk).where(Chunk.id > last).options(selectinload(Chunk.norms))
                               .order_by(Chunk.id).limit(batch)).all()
        if not rows:
            return
        yield [c.id for c in rows], [lexical_text(c, titles) for c in rows]
        last = rows[-1].id
        session.expunge_all()


def iter_sections(session: Session, batch: int = 5000) -> Iterator[tuple[list[int], list[str | None]]]:
    """All (chunk ids, section titles) in batches, for rebuilding the title index."""
    for rows in chunk_rows(session, Chunk.section, batch):
        yield [r[0] for r in rows], [r[1] for r in rows]


def lexical_text(chunk: Chunk, titles: dict[str, str]) -> tuple[str, str, str]:
    """What the lexical index sees of a chunk: heading path, text and what its citations stand
    for, kept apart so that each can weigh differently."""
    cited = [n.norm for n in chunk.norms if n.relation == "cites"]
    return " ".join(chunk.heading_path or []), chunk.text, norm_context(cited, titles)


def filtered_chunk_ids(session: Session, filters: SearchFilters, principal: Principal | None = None) -> np.ndarray:
    """Ids of chunks that pass the filters (and that the principal may see), for restricting
    the vector and lexical search."""
    import numpy as np

    stmt = select(Chunk.id).join(Document).where(currency(filters.as_of, filters.include_outdated))
    if principal is not None and not principal.sees_all():
        stmt = stmt.where(visible_documents(principal))
    if filters.district:
        stmt = stmt.where(Document.district.in_(filters.district))
    if filters.doc_type:
        stmt = stmt.where(Document.doc_type.in_(filters.doc_type))
    if filters.year:
        stmt = stmt.where(or_(*(Document.doc_date.between(date(y, 1, 1), date(y, 12, 31))
                                for y in filters.year)))
    if filters.date_from:
        stmt = stmt.where(Document.doc_date >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Document.doc_date <= filters.date_to)
    if filters.document_id:
        stmt = stmt.where(Document.id == filters.document_id)
    if filters.norm:
        stmt = stmt.where(Chunk.id.in_(select(ChunkNorm.chunk_id).where(ChunkNorm.norm.in_(filters.norm))))
    return np.fromiter(session.scalars(stmt), dtype=np.int64)


def load_chunks(session: Session, ids: Sequence[int]) -> dict[int, Chunk]:
    # The document is joined, not loaded by a second SELECT: a re-ingest committed between two
    # statements would otherwise leave a found chunk without its (deleted) document.
    rows = session.scalars(select(Chunk).where(Chunk.id.in_(list(ids)))
                           .options(joinedload(Chunk.document), selectinload(Chunk.norms)))
    return {c.id: c for c in rows}


def count_rows(session: Session, visible: ColumnElement[bool] = EVERYTHING) -> tuple[int, int, int]:
    """Documents, chunks and pages (of the `visible` documents)."""
    docs, pages = session.execute(select(func.count(Document.id),
                                         func.coalesce(func.sum(Document.page_count), 0)).where(visible)).one()
    chunks = session.scalar(select(func.count(Chunk.id)).join(Document).where(visible)) or 0
    return int(docs or 0), int(chunks), int(pages or 0)


def counts_by(session: Session, column, visible: ColumnElement[bool] = EVERYTHING) -> dict[str, int]:
    rows = session.execute(select(column, func.count(Document.id)).where(visible).group_by(column)).all()
    return {str(k) if k is not None else "–": int(v) for k, v in rows}


def filtered_chunk_ids_of(sessions, doc_types: list[str]) -> np.ndarray:
    """Ids of the chunks of documents of these types."""
    with sessions() as session:
        return filtered_chunk_ids(session, SearchFilters(doc_type=doc_types))
