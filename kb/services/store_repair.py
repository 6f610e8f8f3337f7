"""`kb check --repair`: mend what the database itself can restore, then rebuild the indexes.

Order matters: damaged vectors are re-embedded first (from the chunk's stored text and heading
path, exactly as ingestion embedded them), because rebuilding the vector index reads every stored
vector. Counts and leftover originals follow; the indexes are rebuilt last, from the mended
database, and the generation is raised when the database changed so that a running server
reloads. Everything runs under the write lock: no ingest lands halfway through a repair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from ingest.models import embedding_text
from kb.db.models import Chunk, Document
from kb.services import store
from kb.services.store_check import bad_vectors, orphan_files, vector_length, wrong_chunk_counts

Embed = Callable[[list[str]], np.ndarray]
BATCH = 64  # chunks re-embedded per call


def reembed(session: Session, embed: Embed) -> int:
    """New vectors for every chunk whose stored one is damaged; the number mended."""
    ids = bad_vectors(session, vector_length(session))
    for start in range(0, len(ids), BATCH):
        chunks = session.scalars(select(Chunk).where(Chunk.id.in_(ids[start:start + BATCH]))).all()
        vectors = embed([embedding_text(c.text, c.heading_path or []) for c in chunks])
        for chunk, vector in zip(chunks, vectors, strict=True):
            chunk.vector = np.asarray(vector, dtype=np.float32).tobytes()
    return len(ids)


def recount(session: Session, doc_ids: Sequence[int]) -> int:
    for doc_id in doc_ids:
        count = session.scalar(select(func.count(Chunk.id)).where(Chunk.document_id == doc_id))
        session.execute(update(Document).where(Document.id == doc_id).values(chunk_count=count))
    return len(doc_ids)


def remove_orphans(folder: Path, session: Session) -> int:
    """Originals no document references: left by an ingest that died before its commit."""
    orphans = orphan_files(session, folder)
    for name in orphans:
        (folder / name).unlink(missing_ok=True)
    return len(orphans)


def discard_original(sessions: sessionmaker[Session], folder: Path, name: str) -> None:
    """A deleted document's original goes too, unless another document (a version with the same
    bytes) still refers to it: deleted must mean gone, not kept on disk unseen."""
    with sessions() as session:
        if session.scalar(select(Document.id).where(Document.stored_file == name).limit(1)) is None:
            (folder / name).unlink(missing_ok=True)


def repair_database(sessions: sessionmaker[Session], folder: Path, embed: Embed) -> list[str]:
    """Mend vectors, counts and leftovers in one transaction; German lines saying what was done."""
    with sessions.begin() as session:
        mended = reembed(session, embed)
        counted = recount(session, wrong_chunk_counts(session))
        if mended or counted:
            store.bump_generation(session)
        removed = remove_orphans(folder, session)
    done = [(mended, "Abschnittsvektoren neu berechnet"), (counted, "Abschnittszahlen von Dokumenten berichtigt"),
            (removed, "verwaiste Originaldateien entfernt")]
    return [f"{n} {text}" for n, text in done if n]
