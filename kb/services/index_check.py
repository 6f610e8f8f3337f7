"""Do the database and the index files agree, and is the stored data sound? (`kb check`)

Read the saved indexes as they are on disk — not through `IndexSet.open`, which would rebuild a
stale one and so hide the very state to check — and compare their chunk ids and generation with
the database, under the write lock so no write lands halfway through. After a crash the answer
may be "no" until the next start rebuilds; after a finished job it must be "yes".
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kb.config import StorageSettings
from kb.db.models import Chunk
from kb.services import store
from kb.services.index_backends import create_indexes
from kb.services.store_check import StoreFindings, find_problems, vector_length

SHOWN = 20  # ids listed per difference


class IndexAgreement(BaseModel):
    index: str
    generation: int
    database_generation: int
    indexed: int
    missing: list[int] = Field(default_factory=list)  # in the database, not in the index (first ones)
    missing_count: int = 0
    extra: list[int] = Field(default_factory=list)  # in the index, not in the database (first ones)
    extra_count: int = 0

    @property
    def ok(self) -> bool:
        empty = self.indexed == 0 and self.missing_count == 0
        return not self.missing_count and not self.extra_count and (
            self.generation == self.database_generation or empty)


class CheckReport(BaseModel):
    database_generation: int
    chunks: int
    indexes: list[IndexAgreement]
    store: StoreFindings = Field(default_factory=StoreFindings)

    @property
    def indexes_ok(self) -> bool:
        return all(i.ok for i in self.indexes)

    @property
    def ok(self) -> bool:
        return self.indexes_ok and self.store.ok


class RepairReport(BaseModel):
    before: CheckReport
    actions: list[str]  # German lines: what was done
    after: CheckReport


def agreement(label: str, indexed: set[int], stored: set[int], generation: int, db_generation: int) -> IndexAgreement:
    missing, extra = sorted(stored - indexed), sorted(indexed - stored)
    return IndexAgreement(index=label, generation=generation, database_generation=db_generation,
                          indexed=len(indexed), missing=missing[:SHOWN], missing_count=len(missing),
                          extra=extra[:SHOWN], extra_count=len(extra))


def check_indexes(storage: StorageSettings, sessions: sessionmaker[Session], lock: AbstractContextManager,
                  model_dimension: Callable[[], int]) -> CheckReport:
    """`model_dimension` is asked only for an empty store (else the stored vectors tell)."""
    with lock:
        with sessions() as session:
            gen = store.generation(session)
            stored = set(session.scalars(select(Chunk.id)))
            length = vector_length(session)
            findings = find_problems(session, storage.files_path)
        dimension = length // 4 if length else model_dimension()  # float32 vectors
        vectors, lexical = create_indexes(storage, dimension)
        vectors.load()
        try:
            results = [agreement("Vektorindex", set(vectors.ids().tolist()), stored, vectors.generation, gen),
                       agreement("Lexikalischer Index", set(lexical.ids()), stored, lexical.generation, gen)]
        finally:
            lexical.close()
            getattr(vectors, "close", lambda: None)()
    return CheckReport(database_generation=gen, chunks=len(stored), indexes=results, store=findings)
