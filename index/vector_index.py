"""The vector index: chunk vectors by chunk id, saved atomically with a generation stamp.

The database is the source of truth (it stores every chunk's vector); a vector index is a fast,
rebuildable view of it. The generation stamp saved with it lets the owner detect an index that is
older than the database (a crash between commit and save) and rebuild it from the stored vectors
instead of serving stale or missing results. `VectorIndex` is the one interface every backend
implements (FAISS here; a pgvector table behind the same methods); `index.backends` picks one
from the settings, so callers never name an implementation.
"""

from __future__ import annotations

import logging
import os
import struct
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)
_MAGIC = b"KBFAISS1"
_HEADER = struct.Struct("<8sqq")  # magic, generation, dimension


if TYPE_CHECKING:
    import faiss


def _faiss() -> ModuleType:
    """FAISS, imported when an index is first built or read: commands that never search
    (`kb stats`, `kb user`, `kb audit`) do not pay its start-up (≈ 0.1 s)."""
    import faiss
    return faiss


@runtime_checkable
class VectorIndex(Protocol):
    """Nearest chunks to a query vector (inner product of normalised vectors = cosine)."""

    dimension: int
    generation: int  # the database generation this index reflects; -1 = unknown

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...

    def remove(self, ids: np.ndarray) -> None: ...

    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (ids, scores), best first, restricted to `allowed` ids when given."""
        ...

    def clear(self) -> None:
        """Remove everything (before a rebuild from the database)."""
        ...

    def save(self, generation: int) -> None:
        """Make the current state durable, stamped with `generation`."""
        ...

    def load(self) -> bool:
        """Read the durable state; False when there is none that can be used."""
        ...

    def __len__(self) -> int: ...

    def ids(self) -> np.ndarray:
        """Every chunk id in the index (for checking it against the database)."""
        ...


class FlatVectorIndex:
    """Exact inner-product search with FAISS, kept in memory and saved to one file.

    Exact search stays below a few milliseconds up to ~100k chunks on this hardware, which covers
    the network's collection; removal by id is supported, which HNSW would not allow.
    """

    filename = "vectors.faiss"

    def __init__(self, dimension: int, path: Path | None = None) -> None:
        self.dimension = dimension
        self.path = Path(path) if path else None
        self.generation = -1
        self._index = _empty(dimension)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def ids(self) -> np.ndarray:
        return _faiss().vector_to_array(self._index.id_map).astype(np.int64)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        self._index.add_with_ids(checked_vectors(ids, vectors, self.dimension), np.asarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))

    def clear(self) -> None:
        self._index = _empty(self.dimension)

    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if q.shape[1] != self.dimension:  # FAISS would only assert (and not at all under -O)
            raise ValueError(f"Anfragevektor der Dimension {q.shape[1]} ≠ Index {self.dimension}")
        if len(self) == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        params = None
        if allowed is not None:
            faiss = _faiss()
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, np.int64)))
        scores, ids = self._index.search(q, min(k, len(self)), params=params)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def save(self, generation: int) -> None:
        """Write to a temp file in the same folder, fsync, then rename over the old file."""
        if self.path is not None:
            data = _faiss().serialize_index(self._index).tobytes()
            atomic_write(self.path, _HEADER.pack(_MAGIC, generation, self.dimension) + data)
        self.generation = generation

    def load(self) -> bool:
        """A missing, damaged or foreign file, or one of another dimension, is no index: the
        caller rebuilds from the database instead of failing the start."""
        if self.path is None or not self.path.is_file():
            return False
        read = self._read(_parse_flat)
        if read is not None:
            self._index, self.generation = read
        return read is not None

    def _read(self, parse) -> tuple | None:
        """(state, generation) from the file through `parse(raw) -> (generation, dimension,
        state)`; None, logged, for a file that cannot be read or is of another dimension."""
        try:
            generation, dimension, state = parse(self.path.read_bytes())
        except Exception as exc:
            log.warning("Vektorindex %s unlesbar (%s), wird neu aufgebaut", self.path, exc)
            return None
        if dimension != self.dimension:
            log.warning("Vektorindex hat Dimension %d, Modell %d: Neuaufbau", dimension, self.dimension)
            return None
        return state, generation

    @classmethod
    def in_folder(cls, dimension: int, folder: Path | None) -> FlatVectorIndex:
        return cls(dimension, folder / cls.filename if folder else None)


def _parse_flat(raw: bytes) -> tuple[int, int, faiss.Index]:
    magic, generation, dimension = _HEADER.unpack_from(raw)
    if magic != _MAGIC:
        raise ValueError("keine Indexdatei dieses Programms")
    return generation, dimension, _faiss().deserialize_index(np.frombuffer(raw[_HEADER.size:], dtype=np.uint8))


def checked_vectors(ids: np.ndarray, vectors: np.ndarray, dimension: int) -> np.ndarray:
    """`vectors` as contiguous float32 rows, one per id, of the index's dimension — else a
    ValueError (FAISS would only assert, and not at all under -O)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[1] != dimension:
        raise ValueError(f"Vektoren der Form {vectors.shape} passen nicht zu Dimension {dimension}")
    if vectors.shape[0] != len(ids):
        raise ValueError(f"{len(ids)} Kennungen für {vectors.shape[0]} Vektoren")
    return vectors


def _empty(dimension: int) -> faiss.Index:
    faiss = _faiss()
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


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

