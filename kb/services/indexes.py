"""Keeps the derived indexes in step with the database.

Every write transaction bumps the database's generation; every index records the generation it
reflects. On open, and before a search when another process may have written, a mismatch means
the index is stale: it is reloaded if another process saved a current one, otherwise rebuilt
from the database (vectors and texts are stored there, nothing is re-embedded).

The indexes are reached through their protocols only (`VectorIndex`, `LexicalIndex`); which
implementation serves is the factory's choice (`index.backends`), so a new backend needs no
change here. Each index is wrapped in a `Member` that knows how to feed it from the database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from index.analysis import GermanAnalyzer
from index.lexical import LexicalIndex
from index.titles import TitleIndex
from index.vector_index import VectorIndex
from kb.config import StorageSettings
from kb.services import crash_points, store
from kb.services.index_backends import create_indexes

log = logging.getLogger(__name__)
Ranked = list[tuple[int, float]]


@dataclass
class IndexChange:
    """One committed write: chunks removed, chunks added (with vectors and index texts)."""

    generation: int
    removed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    vectors: np.ndarray | None = None
    texts: list[tuple[str, str, str]] = field(default_factory=list)  # heading, text, norm context
    sections: list[str | None] = field(default_factory=list)  # each added chunk's section title


class Member(Protocol):
    """One derived index as the set maintains it: load, rebuild from the database, mirror a
    committed change, persist."""

    label: str
    shared: bool  # kept in the database every process writes to (PostgreSQL), not per process

    @property
    def generation(self) -> int: ...

    def load(self) -> bool: ...

    def rebuild(self, session: Session, generation: int) -> None: ...

    def apply(self, change: IndexChange) -> None: ...

    def save(self, generation: int) -> None: ...


class VectorMember:
    label = "Vektorindex"

    def __init__(self, index: VectorIndex) -> None:
        self.index = index
        self.shared = getattr(index, "shared", False)

    @property
    def generation(self) -> int:
        return self.index.generation

    def load(self) -> bool:
        return self.index.load()

    def rebuild(self, session: Session, generation: int) -> None:
        self.index.clear()
        for ids, vectors in store.iter_vectors(session):
            if vectors.shape[1] != self.index.dimension:
                raise RuntimeError("Gespeicherte Vektoren passen nicht zum Modell: `kb ingest --reembed` nötig")
            self.index.add(ids, vectors)
        self.index.generation = generation

    def apply(self, change: IndexChange) -> None:
        self.index.remove(np.asarray(change.removed, np.int64))
        if change.added:
            self.index.add(np.asarray(change.added, np.int64), change.vectors)
        self.index.generation = change.generation

    def save(self, generation: int) -> None:
        self.index.save(generation)


class LexicalMember:
    label = "Lexikalischer Index"

    def __init__(self, index: LexicalIndex) -> None:
        self.index = index
        self.shared = getattr(index, "shared", False)

    @property
    def generation(self) -> int:
        return self.index.generation

    def load(self) -> bool:
        return self.index.load()

    def rebuild(self, session: Session, generation: int) -> None:
        self.index.rebuild(store.iter_texts(session), generation)

    def apply(self, change: IndexChange) -> None:
        self.index.update(change.removed, change.added, change.texts, change.generation)

    def save(self, generation: int) -> None:
        self.index.save(generation)


class TitleMember:
    """Section titles in memory: small (one entry per distinct title) and rebuilt from the
    database in a moment, so they have no file of their own."""

    label = "Abschnittstitel"
    shared = False

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

    def __init__(self, vectors: VectorMember, lexical: LexicalMember, titles: TitleMember,
                 sessions: sessionmaker[Session]) -> None:
        self._vectors, self._lexical, self._titles = vectors, lexical, titles
        self.members: Sequence[Member] = (vectors, lexical, titles)
        self._sessions = sessions
        self.lock = threading.RLock()

    @property
    def vectors(self) -> VectorIndex:
        return self._vectors.index

    @property
    def lexical(self) -> LexicalIndex:
        return self._lexical.index

    @property
    def analyzer(self) -> GermanAnalyzer:
        """The analysis of the lexical index, which queries must share."""
        return self._lexical.index.analyzer

    def db_generation(self) -> int:
        with self._sessions() as session:
            return store.generation(session)

    def open(self) -> None:
        with self.lock:
            gen = self.db_generation()
            stale = [m for m in self.members if not m.load() or m.generation != gen]
            for member in stale:
                self._rebuild(member, gen)
            if stale:
                self._mark_saved(gen)

    def _rebuild(self, member: Member, gen: int) -> None:
        log.info("%s wird aus der Datenbank neu aufgebaut (Generation %d)", member.label, gen)
        with self._sessions() as session:
            member.rebuild(session, gen)
        member.save(gen)

    def refresh_if_stale(self) -> None:
        """Pick up writes of another process (e.g. `kb ingest` while `kb serve` runs). A shared
        index already holds them: it only re-reads its stamp, since a lag there is the writer
        between its commit and its index write, which a rebuild here would only race with."""
        gen = self.db_generation()
        if all(m.generation == gen for m in self.members):
            return
        with self.lock:
            for member in self.members:
                if member.generation != gen and not (member.load() and member.generation == gen) \
                        and not member.shared:
                    self._rebuild(member, gen)

    def rebuild_all(self) -> None:
        with self.lock:
            gen = self.db_generation()
            for member in self.members:
                crash_points.reach("rebuilding")
                self._rebuild(member, gen)
            self._mark_saved(gen)

    def apply(self, change: IndexChange) -> None:
        """Mirror a committed write in memory; `save` persists it (once per batch)."""
        with self.lock:
            for member in self.members:
                if member.shared or member.generation == change.generation - 1:
                    member.apply(change)  # a shared index has the other writers' changes already
                else:  # another process wrote in between: our copy is stale anyway
                    self._rebuild(member, self.db_generation())

    def save(self, generation: int) -> None:
        with self.lock:
            for member in self.members:
                crash_points.reach("saving")
                member.save(generation)
            self._mark_saved(generation)

    def _mark_saved(self, generation: int) -> None:
        """Record that the files hold `generation` — only after every member is written."""
        with self._sessions.begin() as session:
            store.set_generation(session, store.INDEXES_SAVED, generation)

    # -- reading, under the lock that guards in-memory changes --------------------------------
    def search_vectors(self, query: np.ndarray, n: int, allowed: np.ndarray | None):
        with self.lock:
            return self._vectors.index.search(query, n, allowed)

    def search_lexical(self, terms: list[str], n: int, allowed: np.ndarray | None) -> Ranked:
        with self.lock:
            return self._lexical.index.search(terms, n, allowed)

    def search_near(self, words: list[str], n: int, allowed: np.ndarray | None, distance: int) -> Ranked:
        with self.lock:
            return self._lexical.index.search_near(words, n, allowed, distance)

    def search_titles(self, terms: list[str], n: int, allowed: np.ndarray | None) -> Ranked:
        keep = set(allowed.tolist()) if allowed is not None else None
        with self.lock:
            return self._titles.index.search(terms, n, keep)

    def term_frequencies(self) -> dict[str, int]:
        with self.lock:
            return self._lexical.index.term_frequencies()

    def vector_count(self) -> int:
        with self.lock:
            return len(self._vectors.index)

    def vector_details(self) -> dict:
        """The vector index's kind and parameters (nlist, nprobe, measured recall), when it tells them."""
        with self.lock:
            describe = getattr(self._vectors.index, "describe", None)
            return describe() if describe else {}


def open_index_set(storage: StorageSettings, dimension: int, sessions: sessionmaker[Session],
                   title_min_coverage: float = 0.5) -> IndexSet:
    """The indexes the settings name, opened and brought up to the database's generation."""
    vectors, lexical = create_indexes(storage, dimension)
    indexes = IndexSet(VectorMember(vectors), LexicalMember(lexical), TitleMember(title_min_coverage), sessions)
    indexes.open()
    return indexes
