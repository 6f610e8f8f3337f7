"""The chunks a principal may see, as the id list every index search is restricted to.

Visibility is a condition in SQL (`kb.access.visible_documents`); the indexes know no database, so
each search gets the visible chunk ids as its `allowed` list. They are cached per store
generation, access epoch and scope (district, anonymous): uploads and deletes bump the
generation, visibility changes the access epoch (the indexes stay as they are), so either is
effective in the very next search, in every process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from sqlalchemy import exists, not_, select
from sqlalchemy.orm import Session

from kb.access import Principal, visible_documents
from kb.db.models import Chunk, Document
from kb.services import store


def hides_anything(session: Session, principal: Principal) -> bool:
    if principal.sees_all():
        return False
    return bool(session.scalar(select(exists().where(not_(visible_documents(principal))))))


def visible_chunk_ids(session: Session, principal: Principal) -> np.ndarray | None:
    """Ids of the chunks the principal may see; None when they may see every chunk."""
    if not hides_anything(session, principal):
        return None
    stmt = select(Chunk.id).join(Document).where(visible_documents(principal)).order_by(Chunk.id)
    return np.fromiter(session.scalars(stmt), dtype=np.int64)


class VisibleChunks:
    """`visible_chunk_ids`, remembered for the last few scopes of the current generation."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._cache: OrderedDict[tuple, np.ndarray | None] = OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, session: Session, principal: Principal) -> np.ndarray | None:
        if principal.sees_all():
            return None
        key = (store.generation(session), store.generation(session, store.ACCESS), principal.scope())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        ids = visible_chunk_ids(session, principal)
        with self._lock:
            self._cache[key] = ids
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return ids
