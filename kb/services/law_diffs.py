"""Diffs of two versions of a law, remembered: the change page, the norm history and (later) the
change radar all ask the same few pairs again and again.

A diff of SGB II takes about a second (two parses and the alignment); the norm states of a pair
— "which norms changed between these two versions", what the norm history and the radar need —
are a small dict, kept for many more pairs than the full diffs. Both are keyed by the two
versions' content hashes, so a re-ingested identical text reuses them and nothing goes stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

from ingest.models import ParsedDocument
from ingest.version_diff import DocumentDiff, diff_documents
from kb.db.models import Document
from kb.services.comparison import ParsedOriginals

V = TypeVar("V")


class _Recent(Generic[V]):
    """The last `size` values by key, thread-safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> V | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def put(self, key: tuple[str, str], value: V) -> V:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


class LawDiffs:
    """Diffs and norm states of version pairs; `old` must be the older version."""

    def __init__(self, originals: ParsedOriginals, diffs: int = 4, states: int = 256) -> None:
        self.originals = originals
        self._diffs: _Recent[DocumentDiff] = _Recent(diffs)
        self._states: _Recent[dict[str, str]] = _Recent(states)

    def parsed(self, doc: Document) -> ParsedDocument:
        return self.originals.parsed(doc)

    def diff(self, old: Document, new: Document) -> DocumentDiff:
        """The full diff (paragraphs and words); raises IngestError if an original is unreadable."""
        key = (old.content_hash, new.content_hash)
        found = self._diffs.get(key)
        if found is None:
            found = self._diffs.put(key, diff_documents(self.parsed(old), self.parsed(new)))
            self._states.put(key, found.norm_states())
        return found

    def norm_states(self, old: Document, new: Document) -> dict[str, str]:
        """Norm ("§ 15") → unchanged | changed | new | repealed, for every norm of either version."""
        found = self._states.get((old.content_hash, new.content_hash))
        return found if found is not None else self.diff(old, new).norm_states()
