"""Similar documents: the documents whose passages lie closest to a document's mean vector.

The mean of a document's chunk vectors stands for its topic; searching the existing vector index
with it (instead of comparing every pair of documents) keeps this one index query, whatever the
size of the collection.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from kb.db.models import Chunk, Document
from kb.services.documents import info
from kb.services.schemas import DocumentInfo

VectorSearch = Callable[[np.ndarray, int, np.ndarray | None], tuple[np.ndarray, np.ndarray]]
DEPTH = 100  # passages looked at; grouped into documents


class SimilarDocument(BaseModel):
    document: DocumentInfo
    score: float  # cosine similarity of the closest passage to the document's mean vector


class SimilarDocuments(BaseModel):
    document: DocumentInfo
    similar: list[SimilarDocument]


def mean_vector(session: Session, document_id: int) -> np.ndarray | None:
    blobs = session.scalars(select(Chunk.vector).where(Chunk.document_id == document_id)).all()
    if not blobs:
        return None
    mean = np.stack([np.frombuffer(b, dtype=np.float32) for b in blobs]).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else None


def similar_documents(session: Session, search: VectorSearch, document_id: int,
                      n: int = 5, allowed: np.ndarray | None = None) -> SimilarDocuments | None:
    """The `n` documents closest to this one, among the `allowed` chunks (None: all)."""
    doc = session.get(Document, document_id)
    if doc is None:
        return None
    vector = mean_vector(session, document_id)
    if vector is None:
        return SimilarDocuments(document=info(doc), similar=[])
    ids, scores = search(vector, DEPTH, allowed)
    best = _best_per_document(session, ids, scores, exclude=document_id)
    top = sorted(best.items(), key=lambda kv: kv[1], reverse=True)[:n]
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_([d for d, _ in top])))}
    return SimilarDocuments(document=info(doc), similar=[
        SimilarDocument(document=info(docs[d]), score=round(s, 4)) for d, s in top if d in docs])


def _best_per_document(session: Session, ids: np.ndarray, scores: np.ndarray,
                       exclude: int) -> dict[int, float]:
    owner = dict(session.execute(select(Chunk.id, Chunk.document_id)
                                 .where(Chunk.id.in_([int(i) for i in ids]))).all())
    best: dict[int, float] = {}
    for chunk_id, score in zip(ids.tolist(), scores.tolist(), strict=False):
        doc_id = owner.get(chunk_id)
        if doc_id is not None and doc_id != exclude and score > best.get(doc_id, -2.0):
            best[doc_id] = float(score)
    return best
