"""The retrievers the candidate sources rank with: dense (the embedding model over the vector
index), lexical (BM25, proximity and section titles over the lexical and title indexes), and the
norm catalog (law texts and citations, from the database).

Each is a narrow class for one kind of evidence; the sources (`kb/services/sources.py`) combine
them and the searcher only sees the sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from index.embedder import Embedder
from ingest.citations import parse_citations
from ingest.legal import section_title_without_number
from kb.db.models import Chunk, ChunkNorm, Document
from kb.services import store
from kb.services.indexes import IndexSet
from kb.services.norm_feedback import NormsOf

Ranked = list[tuple[int, float]]


class DenseRetriever:
    """Nearest passages to the query's embedding. The query vector is cached: the same query is
    embedded once for retrieval, for every dense source and for answer highlighting."""

    def __init__(self, indexes: IndexSet, embedder: Callable[[], Embedder]) -> None:
        self.indexes = indexes
        self._embedder = embedder

    def query_vector(self, text: str) -> np.ndarray:
        return self._query_vector(text)

    @lru_cache(maxsize=256)  # noqa: B019 - one retriever per knowledge base
    def _query_vector(self, text: str) -> np.ndarray:
        return self._embedder().embed_queries([text])[0]

    def search(self, text: str, allowed: np.ndarray | None, n: int) -> Ranked:
        ids, scores = self.indexes.search_vectors(self.query_vector(text), n, allowed)
        return [(int(i), float(s)) for i, s in zip(ids, scores, strict=False)]


class LexicalRetriever:
    """BM25 of terms, neighbouring words close together, and section titles a query covers."""

    def __init__(self, indexes: IndexSet, proximity_distance: int) -> None:
        self.indexes = indexes
        self.distance = proximity_distance

    def search(self, terms: list[str], allowed: np.ndarray | None, n: int) -> Ranked:
        return self.indexes.search_lexical(terms, n, allowed)

    def near(self, words: list[str], allowed: np.ndarray | None, n: int) -> Ranked:
        return self.indexes.search_near(words, n, allowed, self.distance)

    def titles(self, terms: list[str], allowed: np.ndarray | None, n: int) -> Ranked:
        return self.indexes.search_titles(terms, n, allowed)


class NormCatalog:
    """Which passages are or cite which norm, and which are the text of which law."""

    def __init__(self, sessions: sessionmaker[Session], generation: Callable[[], int]) -> None:
        self.sessions = sessions
        self._generation = generation
        self._law_chunks: dict[tuple[str, int], np.ndarray] = {}

    def norm_titles(self, norms: list[str]) -> list[str]:
        """Section titles of the law texts of these norms ('SGB II § 22' → 'Bedarfe für …')."""
        if not norms:
            return []
        stmt = (select(Chunk.section).where(Chunk.norm_self.in_(norms), Chunk.section.is_not(None))
                .distinct())
        with self.sessions() as session:
            sections = session.scalars(stmt).all()
        return [t for t in map(section_title_without_number, sections) if t]

    def chunks_of_law(self, law: str, allowed: np.ndarray | None) -> np.ndarray:
        """Chunks of the law text of `law`; kept per database generation (they change only with
        a write), since every question without another law asks for them."""
        key = (law, self._generation())
        if key not in self._law_chunks:
            with self.sessions() as session:
                ids = session.scalars(select(Chunk.id).join(Document).where(Document.law == law))
                self._law_chunks = {key: np.fromiter(ids, dtype=np.int64)}
        ids = self._law_chunks[key]
        return np.intersect1d(ids, allowed) if allowed is not None else ids

    def chunks_of_types(self, doc_types: list[str], allowed: np.ndarray | None) -> np.ndarray:
        ids = store.filtered_chunk_ids_of(self.sessions, doc_types)
        return np.intersect1d(ids, allowed) if allowed is not None else ids

    def chunk_norms(self, ids: list[int]) -> NormsOf:
        """For each chunk: the norms it is (law text) and the norms it cites."""
        found: dict[int, tuple[set[str], set[str]]] = {i: (set(), set()) for i in ids}
        stmt = select(ChunkNorm.chunk_id, ChunkNorm.norm, ChunkNorm.relation).where(ChunkNorm.chunk_id.in_(ids))
        with self.sessions() as session:
            for chunk_id, norm, relation in session.execute(stmt):
                found[chunk_id][0 if relation == "is" else 1].add(norm)
        return {i: (frozenset(a), frozenset(b)) for i, (a, b) in found.items()}

    def law_sections(self, norms: list[str], allowed: np.ndarray | None) -> dict[str, list[int]]:
        """The law-text chunks of each norm, in document order."""
        stmt = (select(Chunk.norm_self, Chunk.id).where(Chunk.norm_self.in_(norms))
                .order_by(Chunk.document_id, Chunk.ordinal))
        keep = set(allowed.tolist()) if allowed is not None else None
        out: dict[str, list[int]] = {}
        with self.sessions() as session:
            for norm, chunk_id in session.execute(stmt):
                if keep is None or chunk_id in keep:
                    out.setdefault(norm, []).append(chunk_id)
        return out

    def norm_chunks(self, norms: list[str], relation: str, allowed: np.ndarray | None,
                    n: int, absatz: dict[str, int] | None = None) -> Ranked:
        """Chunks that are (law text) or cite a norm, in document order; with `absatz`, only the
        law-text chunks that hold the cited Absatz ('(4)' for '§ 22 Abs. 4')."""
        stmt = (select(Chunk.id).join(ChunkNorm, ChunkNorm.chunk_id == Chunk.id)
                .where(ChunkNorm.norm.in_(norms), ChunkNorm.relation == relation)
                .order_by(Chunk.document_id, Chunk.ordinal).limit(n * 4))
        with self.sessions() as session:
            rows = session.execute(stmt.add_columns(Chunk.text, Chunk.norm_self)).all()
        ids = list(dict.fromkeys(r[0] for r in rows if absatz is None or _holds_absatz(r, absatz)))
        if allowed is not None:
            keep = set(allowed.tolist())
            ids = [i for i in ids if i in keep]
        return [(cid, 1.0) for cid in ids[:n]]

    def absatz_citing(self, absatz: dict[str, int], allowed: np.ndarray | None, n: int) -> Ranked:
        """Passages about the cited Absatz: their heading or text cites the norm down to it
        ('3.2 Erwerbstätigenfreibetrag (§ 11b Abs. 3 SGB II)'), best evidence first, then in
        document order. The chunk-norm table records the paragraphs cited in the text only, so
        the Absatz is read from heading and text (with the document's law, as at ingest)."""
        wanted = {f"{norm} Abs. {number}" for norm, number in absatz.items()}
        with self.sessions() as session:
            rows = session.execute(_about_paragraphs(list(absatz), n * 4)).all()
        keep = set(allowed.tolist()) if allowed is not None else None
        scores = {cid: _citations_of(title, law, wanted) + 2 * _citations_of(section or "", law, wanted)
                  + _citations_of(text, law, wanted)
                  for cid, title, section, text, law in rows if keep is None or cid in keep}
        ranked = sorted((kv for kv in scores.items() if kv[1]), key=lambda kv: -kv[1])
        return [(cid, float(score)) for cid, score in ranked[:n]]

def _holds_absatz(row, absatz: dict[str, int] | None) -> bool:
    """Whether a law-text chunk holds the cited Absatz, i.e. a line starting '(4)'."""
    number = (absatz or {}).get(row[2])
    return bool(number and re.search(rf"(?m)^\({number}\)", row[1]))


def _citations_of(text: str, law: str | None, wanted: set[str]) -> int:
    """How often a text cites one of the `wanted` Absätze ('SGB II § 22 Abs. 7')."""
    return sum(1 for c in parse_citations(text, default_law=law) if c.law and c.norm_id() in wanted)


def _about_paragraphs(norms: list[str], limit: int):
    """Passages whose text cites one of the paragraphs or whose heading or document title may
    ('§ 11b' in it)."""
    citing = select(ChunkNorm.chunk_id).where(ChunkNorm.norm.in_(norms), ChunkNorm.relation == "cites")
    marks = [f"%§{gap}{norm.rsplit('§ ', 1)[-1]}%" for norm in norms for gap in ("", " ")]
    named = [column.like(mark) for mark in marks for column in (Chunk.section, Document.title)]
    return (select(Chunk.id, Document.title, Chunk.section, Chunk.text, Document.law).join(Document)
            .where(or_(Chunk.id.in_(citing), *named))
            .order_by(Chunk.document_id, Chunk.ordinal).limit(limit))
