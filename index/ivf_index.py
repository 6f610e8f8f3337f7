"""The embedded vector index that grows from exact search into IVF (`KB_VECTOR_INDEX=ivf`).

Below `threshold` vectors it is the exact flat index. Once it holds more, an `IndexIVFFlat` is
trained in a background thread on a snapshot; searches keep using the exact index meanwhile, and
every change made during training is journaled and replayed onto the trained index before it is
swapped in under the lock (one reference assignment, so a search sees the old or the new index,
never a half-built one). Grown to four times the size it was trained on, it is retrained the same
way. Removing a document removes its ids through the IVF's hash table: no rebuild, no full pass.
A swapped-in IVF is written at once when nothing changed since the last save, so a restart reads
it instead of training again; otherwise the next save writes it with its generation.
"""

from __future__ import annotations

import json
import logging
import struct
import threading
from pathlib import Path

import numpy as np

from index.ivf_train import IvfParameters, contents, ivf_ids, train_ivf
from index.vector_index import _HEADER, FlatVectorIndex, _faiss, atomic_write, checked_vectors

log = logging.getLogger(__name__)
_MAGIC = b"KBFAISS2"  # an IVF file; an exact one is FlatVectorIndex's, so either setting reads it
_LENGTH = struct.Struct("<q")
_EXHAUSTIVE_BELOW = 4096  # an `allowed` set this small is searched exactly (costs what IVF would)
_RETRAIN_GROWTH = 4


class IvfVectorIndex(FlatVectorIndex):
    """Exact below `threshold` vectors, IVF with `nprobe` for recall@10 ≥ `recall` above."""

    def __init__(self, dimension: int, path: Path | None = None, threshold: int = 50_000,
                 recall: float = 0.95, background: bool = True) -> None:
        self._state: tuple = (None, None)  # (FAISS index, IVF parameters or None): swapped as one
        super().__init__(dimension, path)
        self.threshold, self.recall, self.background = threshold, recall, background
        self._lock = threading.RLock()
        self._journal: list[tuple[str, np.ndarray, np.ndarray | None]] | None = None
        self._training: threading.Thread | None = None
        self._epoch = 0  # bumped by clear/load: a training begun before is discarded
        self._failed = False
        self._unsaved = False  # a change since the last save or load (the file is behind memory)
        self._save_lock = threading.Lock()  # orders writes: a swap's save never overwrites a newer one

    @property
    def _index(self):
        return self._state[0]

    @_index.setter
    def _index(self, index) -> None:
        """FlatVectorIndex's methods set exact indexes only."""
        self._state = (index, None)

    @property
    def parameters(self) -> IvfParameters | None:
        return self._state[1]

    @property
    def kind(self) -> str:
        return "flat" if self.parameters is None else "ivf"

    def ids(self) -> np.ndarray:
        return ivf_ids(self._index) if self.parameters else super().ids()

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        vectors, ids = checked_vectors(ids, vectors, self.dimension), np.asarray(ids, dtype=np.int64)
        with self._lock:
            self._index.add_with_ids(vectors, ids)
            self._unsaved = True
            if self._journal is not None:
                self._journal.append(("add", ids, vectors.copy()))
        self._maybe_train()

    def remove(self, ids: np.ndarray) -> None:
        if len(ids) == 0:
            return
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        with self._lock:
            _remove(self._index, ids)
            self._unsaved = True
            if self._journal is not None:
                self._journal.append(("remove", ids, None))

    def clear(self) -> None:
        with self._lock:
            self._epoch += 1
            self._journal, self._failed, self._unsaved = None, False, True
            super().clear()

    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        index, parameters = self._state  # one consistent pair, even mid-swap
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if q.shape[1] != self.dimension:  # FAISS would only assert (and not at all under -O)
            raise ValueError(f"Anfragevektor der Dimension {q.shape[1]} ≠ Index {self.dimension}")
        n = int(index.ntotal)
        if n == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        faiss = _faiss()
        only = {} if allowed is None else {"sel": faiss.IDSelectorBatch(np.asarray(allowed, np.int64))}
        params = (faiss.SearchParameters(**only) if parameters is None
                  else faiss.SearchParametersIVF(nprobe=self._probes(n, k, allowed, parameters), **only))
        scores, ids = index.search(q, min(k, n), params=params)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    @staticmethod
    def _probes(n: int, k: int, allowed: np.ndarray | None, parameters: IvfParameters) -> int:
        """The calibrated nprobe; all lists (exact) when `k` reaches what the probed lists hold
        or the `allowed` set is small — scanning it exactly then costs about what IVF would."""
        scanned = n * parameters.nprobe / parameters.nlist
        if k >= scanned / 2 or (allowed is not None and len(allowed) <= max(_EXHAUSTIVE_BELOW, scanned)):
            return parameters.nlist
        return parameters.nprobe

    def describe(self) -> dict:
        """Kind and parameters for `kb stats --index`."""
        described = {"kind": self.kind, "vectors": len(self), "threshold": self.threshold,
                     "training": self.training}
        return described | (self.parameters.as_dict() if self.parameters else {})

    @property
    def training(self) -> bool:
        return self._training is not None and self._training.is_alive()

    def wait_trained(self, timeout: float | None = None) -> bool:
        """Block until a background training has been swapped in (benchmarks, tests)."""
        thread = self._training
        if thread is not None:
            thread.join(timeout)
        return not self.training

    # -- training and swapping ---------------------------------------------------------------
    def _maybe_train(self) -> None:
        size = len(self)
        due = (self.parameters is None and size >= self.threshold) or (
            self.parameters is not None and size >= _RETRAIN_GROWTH * self.parameters.trained_on)
        if not due or self._failed or self._journal is not None:
            return
        with self._lock:
            ids, vectors = contents(self._index)  # copies: the exact index changes meanwhile
            self._journal, epoch = [], self._epoch
        if not self.background:
            self._train(ids, vectors, epoch)
            return
        self._training = threading.Thread(target=self._train, args=(ids, vectors, epoch),
                                          name="kb-ivf-training", daemon=True)
        self._training.start()

    def _train(self, ids: np.ndarray, vectors: np.ndarray, epoch: int) -> None:
        try:
            index, parameters = train_ivf(ids, vectors, self.recall)
        except Exception:
            log.exception("IVF-Training fehlgeschlagen; die exakte Suche bleibt")
            with self._lock:
                self._journal, self._failed = None, True
            return
        del ids, vectors
        with self._lock:
            if epoch != self._epoch:
                return
            for operation, ids, vectors in self._journal or []:
                index.add_with_ids(vectors, ids) if operation == "add" else _remove(index, ids)
            self._state, self._journal = (index, parameters), None
        log.info("Vektorindex auf IVF umgestellt: %s", parameters.as_dict())
        self._save_swapped()

    def _save_swapped(self) -> None:
        """Write the swapped-in IVF under the saved generation — only when memory holds exactly
        the saved state: a change since would be stamped with a generation it does not belong to."""
        if self.path is not None and self.generation >= 0:
            with self._save_lock:
                self._save(self.generation, only_if_saved=True)

    # -- durability --------------------------------------------------------------------------
    def save(self, generation: int) -> None:
        """An exact state is saved as FlatVectorIndex saves it; IVF with its parameters."""
        with self._save_lock:
            self._save(generation)

    def _save(self, generation: int, only_if_saved: bool = False) -> None:
        with self._lock:
            if only_if_saved and (self._unsaved or self.parameters is None):
                return
            self._unsaved = False
            if self.parameters is None or self.path is None:
                super().save(generation)
                return
            meta = json.dumps(self.parameters.as_dict()).encode()
            data = _faiss().serialize_index(self._index).tobytes()
        atomic_write(self.path, _HEADER.pack(_MAGIC, generation, self.dimension)
                     + _LENGTH.pack(len(meta)) + meta + data)
        self.generation = generation

    def load(self) -> bool:
        """Reads an IVF file, or an exact one (then trains when it is above the threshold)."""
        with self._lock:
            self._epoch += 1
            self._journal, self._unsaved = None, False
            loaded = self._load_ivf() if self._is_ivf_file() else super().load()
        if loaded:
            self._maybe_train()
        return loaded

    def _is_ivf_file(self) -> bool:
        if self.path is None or not self.path.is_file():
            return False
        with self.path.open("rb") as fh:
            return fh.read(len(_MAGIC)) == _MAGIC

    def _load_ivf(self) -> bool:
        read = self._read(_parse_ivf)
        if read is not None:
            self._state, self.generation = read
        return read is not None

    @classmethod
    def in_folder(cls, dimension: int, folder: Path | None, **options) -> IvfVectorIndex:
        return cls(dimension, folder / cls.filename if folder else None, **options)


def _parse_ivf(raw: bytes) -> tuple[int, int, tuple]:
    """(generation, dimension, (IVF index, its parameters)) of an IVF file."""
    _, generation, dimension = _HEADER.unpack_from(raw)
    (length,) = _LENGTH.unpack_from(raw, _HEADER.size)
    start = _HEADER.size + _LENGTH.size
    parameters = IvfParameters(**json.loads(raw[start:start + length]))
    index = _faiss().deserialize_index(np.frombuffer(raw[start + length:], dtype=np.uint8))
    return generation, dimension, (index, parameters)


def _remove(index, ids: np.ndarray) -> None:
    """Remove `ids` (unknown ones are ignored). IVF's hash table takes an id array, not the
    batch selector FAISS's Python wrapper would build."""
    faiss = _faiss()
    if isinstance(index, faiss.IndexIVF):
        index.remove_ids(faiss.IDSelectorArray(len(ids), faiss.swig_ptr(ids)))
    else:
        index.remove_ids(ids)
