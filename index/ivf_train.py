"""Training an IVF index from an exact one's vectors, and choosing `nprobe` for a recall target.

Kept apart from `index.ivf_index` (which decides *when* to train and swaps the result in) so the
expensive, pure part can run in a background thread on a snapshot, and the benchmarks can call it
directly. Recall is measured against exact search on a sample of the index's own vectors as
queries: no query log is needed, and the figure is shown in `kb stats --index`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from index.vector_index import _faiss

RECALL_AT = 10
_QUERIES = 500  # sample of own vectors used to measure recall
_POINTS_PER_LIST = 64  # training sample per list: enough for k-means, far cheaper than all vectors
_BATCH = 65_536  # vectors added per call (bounded temporary memory)


@dataclass
class IvfParameters:
    """What `kb stats --index` shows and a saved index keeps."""

    nlist: int
    nprobe: int
    recall: float  # measured recall@10 against exact search at training time
    trained_on: int  # vectors in the index when it was trained (retrained at 4×)

    def as_dict(self) -> dict:
        return asdict(self)


def list_count(n: int) -> int:
    """nlist ≈ 4·√n, but at least 8 vectors per list so tiny indexes still cluster sensibly."""
    return max(1, min(round(4 * math.sqrt(n)), n // 8))


def contents(index) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) copied out of an `IndexIDMap2(IndexFlatIP)` or an `IndexIVFFlat`."""
    faiss = _faiss()
    if isinstance(index, faiss.IndexIVF):
        return _ivf_contents(index)
    flat = faiss.downcast_index(index.index)
    ids = faiss.vector_to_array(index.id_map).astype(np.int64)
    vectors = faiss.vector_to_array(flat.codes).view(np.float32).reshape(-1, index.d)
    return ids, vectors


def ivf_ids(index) -> np.ndarray:
    """The ids of an `IndexIVF`, without copying its vectors (`kb check` asks for them)."""
    faiss, lists = _faiss(), index.invlists
    ids = [faiss.rev_swig_ptr(lists.get_ids(number), lists.list_size(number)).copy()
           for number in range(index.nlist) if lists.list_size(number)]
    return np.concatenate([np.zeros(0, np.int64), *ids]).astype(np.int64)


def _ivf_contents(index) -> tuple[np.ndarray, np.ndarray]:
    faiss, lists = _faiss(), index.invlists
    ids, vectors = [np.zeros(0, np.int64)], [np.zeros((0, index.d), np.float32)]
    for number in range(index.nlist):
        size = lists.list_size(number)
        if size:
            ids.append(faiss.rev_swig_ptr(lists.get_ids(number), size).copy())
            codes = faiss.rev_swig_ptr(lists.get_codes(number), size * index.code_size)
            vectors.append(np.frombuffer(codes, np.uint8).copy().view(np.float32).reshape(size, index.d))
    return np.concatenate(ids).astype(np.int64), np.concatenate(vectors)


def train_ivf(ids: np.ndarray, vectors: np.ndarray, recall: float, seed: int = 0):
    """An `IndexIVFFlat` (inner product) holding `vectors` under `ids`, with a hash table from
    id to list so removing one document costs its own chunks, not a pass over the index."""
    faiss = _faiss()
    n, dimension = vectors.shape
    nlist = list_count(n)
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter, index.cp.seed, index.cp.min_points_per_centroid = 10, seed, 1
    rng = np.random.default_rng(seed)
    sample = rng.choice(n, size=min(n, nlist * _POINTS_PER_LIST), replace=False)
    index.train(vectors[np.sort(sample)])
    index.set_direct_map_type(faiss.DirectMap.Hashtable)
    for start in range(0, n, _BATCH):
        index.add_with_ids(vectors[start:start + _BATCH], ids[start:start + _BATCH])
    nprobe, measured = calibrate(index, ids, vectors, recall, rng)
    index.nprobe = nprobe
    return index, IvfParameters(nlist=nlist, nprobe=nprobe, recall=round(measured, 4), trained_on=n)


def calibrate(index, ids: np.ndarray, vectors: np.ndarray, target: float,
              rng: np.random.Generator) -> tuple[int, float]:
    """The smallest nprobe whose recall@10 on a sample of own vectors reaches `target`
    (doubling, then bisecting), and the recall it measured. Each query's own vector is left out
    of both result lists: it is always found, and would make unseen queries look easier."""
    sample = rng.choice(len(vectors), size=min(len(vectors), _QUERIES), replace=False)
    queries, k = vectors[sample], min(RECALL_AT, len(vectors) - 1)
    _, nearest = _faiss().knn(queries, vectors, k + 1, metric=_faiss().METRIC_INNER_PRODUCT)
    truth = _without(ids[nearest], ids[sample], k)
    measure = {}

    def recall_at(nprobe: int) -> float:
        if nprobe not in measure:
            measure[nprobe] = recall_of(index, queries, truth, nprobe, ids[sample])
        return measure[nprobe]

    high = 1
    while high < index.nlist and recall_at(high) < target:
        high = min(index.nlist, high * 2)
    low = high // 2 + 1 if high > 1 else 1
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if recall_at(middle) >= target else (middle + 1, high)
    return high, recall_at(high)


def _without(found: np.ndarray, own: np.ndarray, k: int) -> np.ndarray:
    """Each row's first `k` ids other than its query's own (-1 pads a short row)."""
    rows = [row[row != query][:k] for row, query in zip(found, own, strict=True)]
    return np.array([np.pad(row, (0, k - len(row)), constant_values=-1) for row in rows], np.int64)


def recall_of(index, queries: np.ndarray, truth: np.ndarray, nprobe: int, own: np.ndarray) -> float:
    """Share of the exact top-k that the IVF search with `nprobe` lists also returns."""
    params = _faiss().SearchParametersIVF(nprobe=nprobe)
    _, found = index.search(queries, truth.shape[1] + 1, params=params)
    found = _without(found, own, truth.shape[1])
    hits = sum(len(np.intersect1d(f, t[t >= 0])) for f, t in zip(found, truth, strict=True))
    return hits / max(1, int((truth >= 0).sum()))
