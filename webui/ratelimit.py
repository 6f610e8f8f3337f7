"""A small in-memory rate limit for anonymous writes (feedback).

Caseworkers rate results without logging in, so the only protection against a script filling the
feedback table is a cap per client address. In memory is enough: the app runs as one process, and
a restart forgetting the counts is harmless.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float, max_clients: int = 10_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_clients = max_clients
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        """Count one attempt of `client`; False when it exceeds `limit` within the window."""
        now = time.monotonic()
        with self._lock:
            if len(self._hits) >= self.max_clients and client not in self._hits:
                self._forget_idle(now)
            hits = self._hits.setdefault(client, deque())
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or now - v[-1] > self.window]:
            del self._hits[key]
