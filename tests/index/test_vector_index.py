"""FAISS flat index specifics; the behaviour every backend shares is in test_vector_index_contract."""

import numpy as np
import pytest

from index.vector_index import FlatVectorIndex
from tests.index.test_vector_index_contract import unit


@pytest.fixture
def vectors():
    return unit(np.random.default_rng(7).normal(size=(50, 16)))


def test_save_leaves_no_temp_files(tmp_path, vectors):
    path = tmp_path / "v.faiss"
    index = FlatVectorIndex(16, path)
    index.add(np.arange(50), vectors)
    index.save(generation=7)
    assert list(tmp_path.iterdir()) == [path], "no temp files left behind"


def test_without_a_path_save_only_moves_the_generation(vectors):
    index = FlatVectorIndex(16)
    index.add(np.arange(50), vectors)
    index.save(generation=2)
    assert index.generation == 2 and not index.load()


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
