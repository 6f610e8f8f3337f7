"""Keeps the on-disk indexes in step with the database.

Every write transaction bumps the database's generation; every index file records the generation
it reflects. On open, and before a search when another process may have written, a mismatch means
the index is stale: it is reloaded from disk if another process saved a current one, otherwise
rebuilt from the database (vectors and texts are stored there, nothing is re-embedded).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from index.lexical import LexicalIndex
from index.titles import TitleIndex
from index.vector_index import FlatVectorIndex
from kb.services import store

log = logging.getLogger(__name__)


@dataclass
class IndexChange:
    """One committed write: chunks removed, chunks added (with vectors and index texts)."""

    generation: int
    removed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    vectors: np.ndarray | None = None
    texts: list[tuple[str, str, str]] = field(default_factory=list)  # heading, text, norm context
    sections: list[str | None] = field(default_factory=list)  # each added chunk's section title


class VectorStore:
    """The FAISS index of chunk vectors, synchronised with the database generation."""

    filename = "vectors.faiss"

    def __init__(self, folder: Path, dimension: int) -> None:
        self.path = folder / self.filename
        self.dimension = dimension
        self.index = FlatVectorIndex(dimension)
        self.generation = -1

    def load(self) -> bool:
        """Load from disk; False when there is no usable file."""
        if not self.path.is_file():
            return False
        try:
            index, gen = FlatVectorIndex.load(self.path)
        except Exception as exc:  # damaged file: rebuild instead of failing the start
            log.warning("Vektorindex %s unlesbar (%s), wird neu aufgebaut", self.path, exc)
            return False
        if index.dimension != self.dimension:
            log.warning("Vektorindex hat Dimension %d, Modell %d: Neuaufbau", index.dimension, self.dimension)
            return False
        self.index, self.generation = index, gen
        return True

    def rebuild(self, session: Session, generation: int) -> None:
        fresh = FlatVectorIndex(self.dimension)
        for ids, vectors in store.iter_vectors(session):
            if vectors.shape[1] != self.dimension:
                raise RuntimeError(
                    "Gespeicherte Vektoren passen nicht zum Modell: `kb ingest --reembed` nötig")
            fresh.add(ids, vectors)
        self.index, self.generation = fresh, generation

    def apply(self, change: IndexChange) -> None:
        self.index.remove(np.asarray(change.removed, np.int64))
        self.index.add(np.asarray(change.added, np.int64), change.vectors)
        self.generation = change.generation

    def save(self, generation: int) -> None:
        self.index.save(self.path, generation)
        self.generation = generation


class LexicalStore:
    """The FTS5 index; it persists each change with its generation in one SQLite transaction."""

    filename = "lexical.sqlite3"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.filename
        self.index: LexicalIndex | None = None
        self.generation = -1

    def load(self) -> bool:
        if self.index is not None:
            self.index.close()
        try:
            self.index = LexicalIndex(self.path)
            self.generation = self.index.generation
        except Exception as exc:  # damaged file: start afresh, the database has everything
            log.warning("Lexikalischer Index %s unlesbar (%s), wird neu aufgebaut", self.path, exc)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.index = LexicalIndex(self.path)
            return False
        return self.generation >= 0

    def rebuild(self, session: Session, generation: int) -> None:
        if self.index is None:
            self.load()
        self.index.rebuild(store.iter_texts(session), generation)
        self.generation = generation

    def apply(self, change: IndexChange) -> None:
        self.index.update(change.removed, change.added, change.texts, change.generation)
        self.generation = change.generation

    def save(self, generation: int) -> None:
        """Changes are already durable; only the stamp may need to move (e.g. after a delete)."""
        if self.generation != generation:
            self.index.update([], [], [], generation)
            self.generation = generation


class TitleStore:
    """Section titles in memory: small (one entry per distinct title) and rebuilt from the
    database in a moment, so it has no file of its own."""

    path = Path("(Abschnittstitel)")

    def __init__(self, min_coverage: float) -> None:
        self.min_coverage = min_coverage
        self.index = TitleIndex(min_coverage=min_coverage)
        self.generation = -1

    def load(self) -> bool:
        return False

    def rebuild(self, session: Session, generation: int) -> None:
        fresh = TitleIndex(min_coverage=self.min_coverage)
        for ids, sections in store.iter_sections(session):
            fresh.add(ids, sections)
        self.index, self.generation = fresh, generation

    def apply(self, change: IndexChange) -> None:
        self.index.remove(change.removed)
        self.index.add(change.added, change.sections)
        self.generation = change.generation

    def save(self, generation: int) -> None:
        self.generation = generation


class IndexSet:
    """All indexes derived from the database, with one lock for in-memory changes."""

    def __init__(self, folder: Path, dimension: int, sessions: sessionmaker[Session],
                 title_min_coverage: float = 0.5) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.vectors = VectorStore(folder, dimension)
        self.lexical = LexicalStore(folder)
        self.titles = TitleStore(title_min_coverage)
        self.members = [self.vectors, self.lexical, self.titles]
        self._sessions = sessions
        self.lock = threading.RLock()

    def db_generation(self) -> int:
        with self._sessions() as session:
            return store.generation(session)

    def open(self) -> None:
        with self.lock:
            gen = self.db_generation()
            for member in self.members:
                if not member.load() or member.generation != gen:
                    self._rebuild(member, gen)

    def _rebuild(self, member, gen: int) -> None:
        log.info("Index %s wird aus der Datenbank neu aufgebaut (Generation %d)", member.path.name, gen)
        with self._sessions() as session:
            member.rebuild(session, gen)
        member.save(gen)

    def refresh_if_stale(self) -> None:
        """Pick up writes of another process (e.g. `kb ingest` while `kb serve` runs)."""
        gen = self.db_generation()
        if all(m.generation == gen for m in self.members):
            return
        with self.lock:
            for member in self.members:
                if member.generation != gen and not (member.load() and member.generation == gen):
                    self._rebuild(member, gen)

    def rebuild_all(self) -> None:
        with self.lock:
            gen = self.db_generation()
            for member in self.members:
                self._rebuild(member, gen)

    def apply(self, change: IndexChange) -> None:
        """Mirror a committed write in memory; `save` persists it (once per batch)."""
        with self.lock:
            for member in self.members:
                if member.generation == change.generation - 1:
                    member.apply(change)
                else:  # another process wrote in between: our copy is stale anyway
                    self._rebuild(member, self.db_generation())

    def save(self, generation: int) -> None:
        with self.lock:
            for member in self.members:
                member.save(generation)

    def search_vectors(self, query: np.ndarray, n: int, allowed: np.ndarray | None):
        with self.lock:
            return self.vectors.index.search(query, n, allowed)

    def search_lexical(self, terms: list[str], n: int, allowed: np.ndarray | None):
        with self.lock:
            return self.lexical.index.search(terms, n, allowed)

    def search_near(self, words: list[str], n: int, allowed: np.ndarray | None, distance: int):
        with self.lock:
            return self.lexical.index.search_near(words, n, allowed, distance)

    def search_titles(self, terms: list[str], n: int, allowed: np.ndarray | None):
        keep = set(allowed.tolist()) if allowed is not None else None
        with self.lock:
            return self.titles.index.search(terms, n, keep)
