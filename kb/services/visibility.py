"""The chunks a search may consider, as the id list every index search is restricted to.

What a principal may see is a condition in SQL (`kb.access.visible_documents`), and so is what
is in force on a day (`kb.services.validity`); the indexes know no database, so each search gets
the chunk ids passing both as its `allowed` list. They are cached per store generation, access
epoch, scope (district, anonymous) and day: uploads and deletes bump the generation,
visibility and validity changes the access epoch (the indexes stay as they are), so either is
effective in the very next search, in every process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

import numpy as np
from sqlalchemy import ColumnElement, and_, exists, not_, select
from sqlalchemy.orm import Session

from kb.access import Principal, visible_documents
from kb.db.models import Chunk, Document
from kb.services import store
from kb.services.validity import currency


def searchable(principal: Principal, as_of: date | None = None,
               include_outdated: bool = False) -> ColumnElement[bool]:
    """SQL condition on `Document`: what a search of this principal considers."""
    return and_(visible_documents(principal), currency(as_of, include_outdated))


def hides_anything(session: Session, condition: ColumnElement[bool]) -> bool:
    return bool(session.scalar(select(exists().where(not_(condition)))))


def visible_chunk_ids(session: Session, principal: Principal, as_of: date | None = None,
                      include_outdated: bool = False) -> np.ndarray | None:
    """Ids of the chunks a search may consider; None when that is every chunk."""
    if principal.sees_all() and include_outdated:
        return None
    condition = searchable(principal, as_of, include_outdated)
    if not hides_anything(session, condition):
        return None
    stmt = select(Chunk.id).join(Document).where(condition).order_by(Chunk.id)
    return np.fromiter(session.scalars(stmt), dtype=np.int64)


class VisibleChunks:
    """`visible_chunk_ids`, remembered for the last few scopes of the current generation."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._cache: OrderedDict[tuple, np.ndarray | None] = OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, session: Session, principal: Principal, as_of: date | None = None,
                include_outdated: bool = False) -> np.ndarray | None:
        day = None if include_outdated else as_of or date.today()
        key = (store.generation(session), store.generation(session, store.ACCESS), principal.scope(), day)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        ids = visible_chunk_ids(session, principal, as_of, include_outdated)
        with self._lock:
            self._cache[key] = ids
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return ids
