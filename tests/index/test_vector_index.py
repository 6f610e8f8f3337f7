"""FAISS index: ids are chunk ids, removal works, saves are atomic and carry a generation."""

import numpy as np
import pytest

from index.vector_index import FlatVectorIndex


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def vectors():
    return unit(np.random.default_rng(7).normal(size=(50, 16)))


def test_search_returns_chunk_ids_and_respects_allowed(vectors):
    index = FlatVectorIndex(16)
    ids = np.arange(1000, 1050)
    index.add(ids, vectors)
    found, scores = index.search(vectors[3], 5)
    assert found[0] == 1003 and scores[0] == pytest.approx(1.0, abs=1e-5)
    found, _ = index.search(vectors[3], 5, allowed=np.array([1010, 1020]))
    assert set(found) == {1010, 1020}
    assert len(index.search(vectors[3], 5, allowed=np.array([], np.int64))[0]) == 0


def test_remove_and_dimension_check(vectors):
    index = FlatVectorIndex(16)
    index.add(np.arange(50), vectors)
    index.remove(np.array([3]))
    assert len(index) == 49
    assert 3 not in index.search(vectors[3], 10)[0]
    with pytest.raises(ValueError):
        index.add(np.array([99]), np.zeros((1, 8), np.float32))


def test_save_load_roundtrip_with_generation(tmp_path, vectors):
    path = tmp_path / "v.faiss"
    index = FlatVectorIndex(16, path)
    index.add(np.arange(50), vectors)
    index.save(generation=7)
    loaded = FlatVectorIndex(16, path)
    assert loaded.load() and loaded.generation == 7 and len(loaded) == 50
    assert loaded.search(vectors[9], 1)[0][0] == 9
    assert not list(tmp_path.glob(".v.faiss.*")), "no temp files left behind"


def test_failed_save_keeps_the_old_file(tmp_path, vectors, monkeypatch):
    path = tmp_path / "v.faiss"
    index = FlatVectorIndex(16, path)
    index.add(np.arange(10), vectors[:10])
    index.save(generation=1)
    before = path.read_bytes()
    import index.vector_index as vi

    def boom(*_a, **_k):
        raise OSError("Datenträger voll")

    monkeypatch.setattr(vi.os, "fsync", boom)
    index.add(np.arange(10, 20), vectors[10:20])
    with pytest.raises(OSError):
        index.save(generation=2)
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]
