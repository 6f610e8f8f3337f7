"""Cross-encoder reranking: query and passage read together, for the first results only.

The embedding model reads query and passage apart and compares two vectors; BM25 compares words.
Neither sees that "Kinder in der Bedarfsgemeinschaft" is answered by a section about "nicht
erwerbsfähige Leistungsberechtigte" under 15. A cross-encoder reads both texts in one pass and
can; it is far slower, so it only scores the first candidates of the fusion. No German
cross-encoder with weights is available from PyPI (see docs/search-quality.md), so this stage is
off unless `KB_RERANKER` names a local model folder, and its effect must be measured with
`kb eval` before it is switched on for users.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Reranker(Protocol):
    def scores(self, query: str, passages: Sequence[str]) -> np.ndarray:
        """One relevance score per passage; higher is better."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers `CrossEncoder` loaded from a local folder, on the CPU."""

    def __init__(self, model: Path | str, max_length: int = 512, batch_size: int = 16,
                 threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from sentence_transformers import CrossEncoder

        path = Path(model).expanduser()
        if not (path / "config.json").is_file():
            raise ValueError(f"Kein Cross-Encoder-Ordner (config.json fehlt): {path}")
        if threads:
            torch.set_num_threads(threads)
        self._torch = torch
        self._model = CrossEncoder(str(path), device="cpu", local_files_only=True, max_length=max_length)
        self.batch_size = batch_size
        self.name = path.name

    def scores(self, query: str, passages: Sequence[str]) -> np.ndarray:
        if not passages:
            return np.zeros(0, dtype=np.float32)
        with self._torch.inference_mode():
            raw = self._model.predict([(query, p) for p in passages], batch_size=self.batch_size,
                                      show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(raw, dtype=np.float32).reshape(len(passages))


def blend_orders(first: Sequence[int], by_model: Sequence[int], weight: float) -> list[int]:
    """`first` reordered by the weighted mean of each item's two ranks: weight 1 is the model's
    order, 0 the first order; ties go to the first order. Items the model did not score keep
    their first rank on both sides."""
    first_rank = {cid: rank for rank, cid in enumerate(first)}
    model_rank = {cid: rank for rank, cid in enumerate(by_model)}

    def mixed(cid: int) -> tuple[float, int]:
        own = first_rank[cid]
        return weight * model_rank.get(cid, own) + (1 - weight) * own, own

    return sorted(first, key=mixed)


def by_score(ids: Sequence[int], scores: np.ndarray) -> list[tuple[int, float]]:
    """The ids ordered by their scores, best first; equal scores keep the incoming order."""
    order = sorted(range(len(ids)), key=lambda i: -float(scores[i]))
    return [(int(ids[i]), float(scores[i])) for i in order]
