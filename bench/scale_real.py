"""IVF on real embeddings for bench/scale.py: does nprobe calibrated on own vectors hold for unseen ones?

The synthetic vectors of the scale benchmark are clustered by construction; this check takes the
multilingual-e5-small passage vectors of the embedding cache (every chunk the tests and benchmarks
embedded), trains IVF on 90 % of them and measures recall@10 of the other 10 % as queries.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
from scale import DIM, recall


def cached_vectors(path: Path) -> np.ndarray:
    """Distinct vectors of the model's dimension, read-only (the cache belongs to the tests)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = [blob for (blob,) in conn.execute("SELECT vector FROM vectors") if len(blob) == DIM * 4]
    return np.unique(np.frombuffer(b"".join(rows), np.float32).reshape(-1, DIM), axis=0)


def real_row(path: Path, target: float = 0.95) -> dict:
    from index.ivf_train import train_ivf
    from index.vector_index import FlatVectorIndex, _faiss

    vectors = cached_vectors(path)
    order = np.random.default_rng(5).permutation(len(vectors))
    held, kept = vectors[order[: len(order) // 10]], vectors[order[len(order) // 10:]]
    ids = np.arange(len(kept), dtype=np.int64)
    index, parameters = train_ivf(ids, kept, target)
    exact = FlatVectorIndex(DIM)
    exact.add(ids, kept)
    params = _faiss().SearchParametersIVF(nprobe=parameters.nprobe)
    found = [(index.search(q.reshape(1, -1), 10, params=params)[1][0], None) for q in held]
    truth = [exact.search(q, 10) for q in held]
    return {"real vectors": len(kept), "nlist": parameters.nlist, "nprobe": parameters.nprobe,
            "recall@10 own (calibration)": parameters.recall,
            "recall@10 unseen": round(recall(found, truth), 3)}
