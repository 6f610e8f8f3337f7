"""A persistent cache of passage vectors, keyed by model and text.

Embedding is the slow part of ingestion on a CPU (about 7 passages per second here). Re-ingesting
a document after a small edit, rebuilding with another chunk size, or a second data directory on
the same machine mostly embeds passages that were embedded before; the cache returns those.
A cache never changes a result: the key includes the model's identity and the exact text.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np

from index.embedder import Embedder
from index.private import private_file


class CachingEmbedder:
    """Wraps an embedder; passage vectors come from the cache where present."""

    def __init__(self, inner: Embedder, path: Path, model_id: str) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._model_id = model_id
        self._conn = sqlite3.connect(private_file(path), check_same_thread=False, timeout=30, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
        self._lock = threading.Lock()

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(f"{self._model_id}\x00passage\x00{text}".encode()).digest()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        found = self._lookup(keys)
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            fresh = self.inner.embed_passages([texts[i] for i in missing])
            self._store([(keys[i], v) for i, v in zip(missing, fresh, strict=False)])
            found.update({keys[i]: v for i, v in zip(missing, fresh, strict=False)})
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def _lookup(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        out: dict[bytes, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = keys[start:start + 500]
                rows = self._conn.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(batch))})", batch)
                out.update({k: np.frombuffer(v, np.float32) for k, v in rows})
        return {k: v for k, v in out.items() if v.shape[0] == self.dimension}

    def _store(self, items: list[tuple[bytes, np.ndarray]]) -> None:
        with self._lock:
            self._conn.executemany("INSERT OR REPLACE INTO vectors(key, vector) VALUES (?, ?)",
                                   [(k, np.asarray(v, np.float32).tobytes()) for k, v in items])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)
