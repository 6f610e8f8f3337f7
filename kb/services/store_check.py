"""What `kb check` verifies beyond the indexes: the database's own vectors and the stored originals.

The indexes are derived data and can always be rebuilt; these are the data they are rebuilt
*from*. A chunk whose vector is damaged (wrong length, not finite, zero) would silently drop out of
dense search; an original that is missing or whose bytes no longer match the recorded SHA-256
breaks "Quelle öffnen", version comparison and every later re-read; a file in the originals
folder that no document references is left over from an ingest that crashed between storing the
file and committing. `kb check --repair` mends what can be mended from the database itself
(re-embedding a chunk from its stored text, counts, leftovers); a lost original cannot be made
from nothing and is reported with the way back (backup or reading the file again).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kb.db.models import Chunk, Document
from kb.services import store

SHOWN = 20  # entries listed per finding
# An ingest stores its original before it commits, outside the write lock: a file without a
# document younger than this may belong to an ingest still running, so it is no leftover yet.
ORPHAN_MIN_AGE_S = 3600


class StoreFindings(BaseModel):
    """Problems of the stored data; the lists hold the first `SHOWN`, the counts all."""

    bad_vectors: list[int] = Field(default_factory=list)  # chunk ids
    bad_vectors_count: int = 0
    missing_originals: list[int] = Field(default_factory=list)  # document ids
    damaged_originals: list[int] = Field(default_factory=list)  # document ids: bytes differ from the hash
    orphan_files: list[str] = Field(default_factory=list)  # file names no document references
    orphan_files_count: int = 0
    wrong_chunk_counts: list[int] = Field(default_factory=list)  # document ids

    @property
    def ok(self) -> bool:
        return not (self.bad_vectors_count or self.missing_originals or self.damaged_originals
                    or self.orphan_files_count or self.wrong_chunk_counts)

    @property
    def repairable(self) -> bool:
        """Whether `--repair` can mend everything found (lost originals it cannot)."""
        return not (self.missing_originals or self.damaged_originals)


def vector_length(session: Session) -> int | None:
    """The byte length most vectors have: the store's dimension, even if the first row is damaged."""
    lengths = Counter(dict(session.execute(
        select(func.length(Chunk.vector), func.count()).group_by(func.length(Chunk.vector))).all()))
    return lengths.most_common(1)[0][0] if lengths else None


def is_sound(blob: bytes | None, length: int) -> bool:
    if blob is None or len(blob) != length:
        return False
    vector = np.frombuffer(blob, dtype=np.float32)
    return bool(np.isfinite(vector).all() and np.linalg.norm(vector) > 1e-6)


def bad_vectors(session: Session, length: int | None) -> list[int]:
    """Chunks whose stored vector could not take part in dense search."""
    if length is None:
        return []
    return [chunk_id for rows in store.chunk_rows(session, Chunk.vector, 2000)
            for chunk_id, blob in rows if not is_sound(blob, length)]


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def original_problems(session: Session, folder: Path) -> tuple[list[int], list[int], list[str]]:
    """(missing, damaged, orphans): each document's original against its recorded hash."""
    rows = session.execute(select(Document.id, Document.stored_file, Document.content_hash)).all()
    present = _present(folder)
    missing = [doc_id for doc_id, name, _ in rows if name not in present]
    damaged = [doc_id for doc_id, name, digest in rows
               if name in present and file_digest(folder / name) != digest]
    return missing, damaged, _leftovers(present - {name for _, name, _ in rows}, folder)


def orphan_files(session: Session, folder: Path) -> list[str]:
    """Originals no document references (old enough not to belong to a running ingest); no
    file is read, only listed."""
    referenced = set(session.scalars(select(Document.stored_file)))
    return _leftovers(_present(folder) - referenced, folder)


def _present(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_file()} if folder.is_dir() else set()


def _leftovers(unreferenced: set[str], folder: Path) -> list[str]:
    return sorted(name for name in unreferenced if _age(folder / name) >= ORPHAN_MIN_AGE_S)


def _age(path: Path) -> float:
    return time.time() - path.stat().st_mtime


def wrong_chunk_counts(session: Session) -> list[int]:
    counted = (select(Chunk.document_id, func.count(Chunk.id).label("n"))
               .group_by(Chunk.document_id).subquery())
    query = (select(Document.id).outerjoin(counted, counted.c.document_id == Document.id)
             .where(Document.chunk_count != func.coalesce(counted.c.n, 0)))
    return list(session.scalars(query))


def find_problems(session: Session, folder: Path) -> StoreFindings:
    vectors = bad_vectors(session, vector_length(session))
    missing, damaged, orphans = original_problems(session, folder)
    return StoreFindings(bad_vectors=vectors[:SHOWN], bad_vectors_count=len(vectors),
                         missing_originals=missing, damaged_originals=damaged,
                         orphan_files=orphans[:SHOWN], orphan_files_count=len(orphans),
                         wrong_chunk_counts=wrong_chunk_counts(session))
