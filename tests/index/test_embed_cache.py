"""The passage-vector cache returns what the model returned, keyed by model and exact text."""

import numpy as np

from index.embed_cache import CachingEmbedder
from index.embedder import FakeEmbedder


class CountingEmbedder(FakeEmbedder):
    def __init__(self):
        super().__init__()
        self.calls: list[str] = []

    def embed_passages(self, texts):
        self.calls += texts
        return super().embed_passages(texts)


def test_second_call_is_served_from_the_cache(tmp_path):
    inner = CountingEmbedder()
    cache = CachingEmbedder(inner, tmp_path / "c.sqlite3", "modell-a")
    first = cache.embed_passages(["Kosten der Unterkunft", "Heizkosten"])
    again = cache.embed_passages(["Heizkosten", "Kosten der Unterkunft", "Mietkaution"])
    assert inner.calls == ["Kosten der Unterkunft", "Heizkosten", "Mietkaution"]
    assert np.allclose(again[0], first[1]) and np.allclose(again[1], first[0])
    assert np.allclose(again[2], inner.embed_passages(["Mietkaution"])[0])


def test_cache_survives_restart_and_separates_models(tmp_path):
    path = tmp_path / "c.sqlite3"
    CachingEmbedder(CountingEmbedder(), path, "modell-a").embed_passages(["Text"])
    reopened = CountingEmbedder()
    CachingEmbedder(reopened, path, "modell-a").embed_passages(["Text"])
    assert reopened.calls == []
    other = CountingEmbedder()
    CachingEmbedder(other, path, "modell-b").embed_passages(["Text"])
    assert other.calls == ["Text"]


def test_queries_are_never_cached(tmp_path):
    inner = CountingEmbedder()
    cache = CachingEmbedder(inner, tmp_path / "c.sqlite3", "m")
    assert cache.embed_queries(["Frage"]).shape == (1, inner.dimension)
    assert cache.embed_passages([]).shape == (0, inner.dimension)
