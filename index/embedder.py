"""Text → vector. One narrow interface, a real implementation and a deterministic fake.

The fake is registered through the same factory as the real model so that tests about storage,
the CLI or the web can run without loading 500 MB of weights; tests about search use the real one.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Embeds queries and passages into L2-normalised float32 rows."""

    name: str
    dimension: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model, with the E5 `query: ` / `passage: ` prompts."""

    def __init__(self, model: str, batch_size: int = 16, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise RuntimeError(
                "sentence-transformers/torch fehlen: pip install torch==2.13.0 sentence-transformers"
            ) from exc
        hf_logging.set_verbosity_error()  # token-count calls on long blocks are not errors
        hf_logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        self._model = SentenceTransformer(
            model, device="cpu", local_files_only=True, model_kwargs={"dtype": torch.float32}
        )
        self._prompts = getattr(self._model, "prompts", {}) or {}
        self._torch = torch
        self.name = model
        self.dimension = int(self._model.get_embedding_dimension()) if hasattr(
            self._model, "get_embedding_dimension") else int(
            self._model.get_sentence_embedding_dimension())
        self.batch_size = batch_size
        self.max_tokens = int(self._model.max_seq_length or 512)

    def _encode(self, texts: list[str], prompt_name: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prompt = prompt_name if prompt_name in self._prompts else None
        with self._torch.inference_mode():
            vectors = self._model.encode(
                texts, prompt_name=prompt, batch_size=self.batch_size,
                normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "passage")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])


_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    """Deterministic bag-of-hashed-words vectors: similar texts get similar vectors, no model needed."""

    def __init__(self, dimension: int = 64) -> None:
        self.name = "fake"
        self.dimension = dimension

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            vec[int.from_bytes(digest[:4], "little") % self.dimension] += 1.0
        norm = np.linalg.norm(vec)
        return vec / norm if norm else vec

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)


def set_threads(count: int) -> None:
    """CPU threads for model inference. A server answering single queries on a small machine is
    faster with one thread: two threads contend with the web workers (measured: 45 ms vs up to
    940 ms per query embedding on a busy 2-core machine)."""
    import torch

    torch.set_num_threads(max(1, count))


def estimate_tokens(text: str) -> int:
    """Rough XLM-R token count for German prose (≈ 1.6 tokens per word), used without a tokenizer."""
    return int(len(_WORD.findall(text)) * 1.6) + 2


def create_embedder(kind: str, model: str | None = None, batch_size: int = 16,
                    threads: int | None = None) -> Embedder:
    """Factory: the implementation is a setting, callers only see `Embedder`."""
    if kind == "fake":
        return FakeEmbedder()
    if kind == "sentence-transformers":
        if not model:
            raise ValueError("Kein Modell angegeben")
        return SentenceTransformerEmbedder(model, batch_size=batch_size, threads=threads)
    raise ValueError(f"Unbekannter Embedder: {kind}")
