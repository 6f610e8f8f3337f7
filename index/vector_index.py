"""The vector index: FAISS with chunk ids as FAISS ids, saved atomically with a generation stamp.

The database is the source of truth (it stores every chunk's vector); this index is a fast,
rebuildable view of it. The generation stamp written with the file lets the owner detect an index
that is older than the database (a crash between commit and save) and rebuild it from the stored
vectors instead of serving stale or missing results.
"""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path
from typing import Protocol

import faiss
import numpy as np

_MAGIC = b"KBFAISS1"
_HEADER = struct.Struct("<8sqq")  # magic, generation, dimension


class VectorIndex(Protocol):
    dimension: int

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...

    def remove(self, ids: np.ndarray) -> None: ...

    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]: ...

    def save(self, path: Path, generation: int) -> None: ...

    def __len__(self) -> int: ...


class FlatVectorIndex:
    """Exact inner-product search (vectors are normalised, so this is cosine similarity).

    Exact search stays below a few milliseconds up to ~100k chunks on this hardware, which covers
    the network's collection; removal by id is supported, which HNSW would not allow.
    """

    def __init__(self, dimension: int, index: faiss.Index | None = None) -> None:
        self.dimension = dimension
        self._index = index or faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape[1] != self.dimension:
            raise ValueError(f"Vektordimension {vectors.shape[1]} ≠ Index {self.dimension}")
        self._index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (ids, scores) for one query vector, optionally restricted to `allowed` ids."""
        if len(self) == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        k = min(k, len(self))
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, np.int64)))
        scores, ids = self._index.search(q, k, params=params)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def save(self, path: Path, generation: int) -> None:
        """Write to a temp file in the same folder, fsync, then rename over the old file."""
        data = faiss.serialize_index(self._index).tobytes()
        header = _HEADER.pack(_MAGIC, generation, self.dimension)
        atomic_write(path, header + data)

    @classmethod
    def load(cls, path: Path) -> tuple[FlatVectorIndex, int]:
        """Return the index and the generation it was saved at."""
        raw = Path(path).read_bytes()
        magic, generation, dimension = _HEADER.unpack_from(raw)
        if magic != _MAGIC:
            raise ValueError(f"{path} ist keine Indexdatei dieses Programms")
        index = faiss.deserialize_index(np.frombuffer(raw[_HEADER.size:], dtype=np.uint8))
        return cls(dimension, index), generation


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old or the new file, never a mix."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create_vector_index(kind: str, dimension: int) -> FlatVectorIndex:
    """Factory for the configured index type; only exact search is offered so far."""
    if kind != "flat":
        raise ValueError(f"Unbekannter Indextyp: {kind}")
    return FlatVectorIndex(dimension)
