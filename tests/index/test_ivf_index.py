"""The exact → IVF switch: background training, journaled changes, deletes without a rebuild,
saving the kind and parameters. The behaviour every backend shares is in the contract suite
(which runs the IVF backend with a tiny threshold)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import index.ivf_index as ivf_module
from index.backends import create_vector_index
from index.ivf_index import IvfVectorIndex
from index.ivf_train import IvfParameters, list_count
from index.vector_index import FlatVectorIndex
from tests.index.test_vector_index_contract import DIM, OPTIONS, unit


def clustered(n: int, dimension: int = DIM, clusters: int = 20, seed: int = 3) -> np.ndarray:
    """Vectors around a few centres, as embeddings of texts on a few topics are."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dimension))
    return unit(centres[rng.integers(0, clusters, n)] + 0.35 * rng.normal(size=(n, dimension)))


@pytest.fixture
def held_training(monkeypatch):
    """Training that waits for `release.set()`, so a test can act while it runs."""
    release, calls = threading.Event(), []

    def held(*args, **kwargs):
        calls.append(len(args[0]))
        assert release.wait(10)
        return ivf_module.train_ivf.__wrapped__(*args, **kwargs)

    held.__wrapped__ = ivf_module.train_ivf
    monkeypatch.setattr(ivf_module, "train_ivf", held)
    return release, calls


def test_the_contract_suite_really_runs_ivf(tmp_path):
    index = create_vector_index("ivf", DIM, tmp_path, **OPTIONS["ivf"])
    index.add(np.arange(1000, 1050), unit(np.random.default_rng(7).normal(size=(50, DIM))))
    described = index.describe()
    assert described["kind"] == "ivf" and described["nlist"] == list_count(50) > 1
    assert 1 <= described["nprobe"] <= described["nlist"] and described["recall"] >= 0.95


def test_below_the_threshold_it_stays_exact(tmp_path):
    index = IvfVectorIndex(DIM, tmp_path / "v.faiss", threshold=100, background=False)
    index.add(np.arange(99), clustered(99))
    assert index.describe() == {"kind": "flat", "vectors": 99, "threshold": 100, "training": False}


def test_searches_stay_exact_while_training_and_changes_meanwhile_reach_the_ivf(held_training):
    release, calls = held_training
    vectors = clustered(400)
    index = IvfVectorIndex(DIM, threshold=300)
    index.add(np.arange(400), vectors)
    assert index.training and index.kind == "flat" and calls == [400]
    assert index.search(vectors[5], 1)[0].tolist() == [5]  # the exact index answers meanwhile
    index.remove(np.array([5, 6]))
    index.add(np.array([2**40]), vectors[5:6])
    release.set()
    assert index.wait_trained(10) and index.kind == "ivf"
    ids = set(index.ids().tolist())
    assert 5 not in ids and 6 not in ids and 2**40 in ids and len(index) == 399
    assert index.search(vectors[5], 1)[0].tolist() == [2**40]


def test_clear_during_training_discards_the_trained_index(held_training):
    release, _ = held_training
    index = IvfVectorIndex(DIM, threshold=300)
    index.add(np.arange(400), clustered(400))
    index.clear()
    index.add(np.array([1]), clustered(1))
    release.set()
    assert index.wait_trained(10)
    assert index.kind == "flat" and index.ids().tolist() == [1]


def test_deleting_a_document_removes_its_ids_without_retraining(monkeypatch):
    index = IvfVectorIndex(DIM, threshold=500, background=False)
    vectors = clustered(2000)
    index.add(np.arange(2000), vectors)
    trained = index.parameters
    monkeypatch.setattr(ivf_module, "train_ivf", lambda *a, **k: pytest.fail("no retraining on delete"))
    index.remove(np.arange(100, 120))  # one document's chunks
    index.remove(np.array([10**9]))  # unknown: harmless
    assert index.parameters is trained and len(index) == 1980
    found, _ = index.search(vectors[110], 50)
    assert not set(found.tolist()) & set(range(100, 120))


def test_it_is_retrained_when_grown_to_four_times_its_training_size():
    index = IvfVectorIndex(DIM, threshold=200, background=False)
    vectors = clustered(1300)
    index.add(np.arange(300), vectors[:300])
    index.add(np.arange(300, 1199), vectors[300:1199])
    assert index.parameters.trained_on == 300
    index.add(np.arange(1199, 1300), vectors[1199:])
    assert index.parameters.trained_on == 1300 and index.parameters.nlist == list_count(1300)
    assert len(index) == 1300 and sorted(index.ids().tolist()) == list(range(1300))


def test_ivf_reaches_the_recall_it_was_calibrated_for_on_unseen_queries():
    vectors = clustered(6000, dimension=32)
    index = IvfVectorIndex(32, threshold=1000, recall=0.95, background=False)
    index.add(np.arange(5000), vectors[:5000])
    assert index.parameters.recall >= 0.95 and index.parameters.nprobe < index.parameters.nlist
    exact = FlatVectorIndex(32)
    exact.add(np.arange(5000), vectors[:5000])
    hits = [len(set(index.search(q, 10)[0].tolist()) & set(exact.search(q, 10)[0].tolist()))
            for q in vectors[5000:5200]]
    assert np.mean(hits) / 10 >= 0.9


def test_a_small_allowed_set_is_searched_exactly():
    vectors = clustered(3000)
    index = IvfVectorIndex(DIM, threshold=1000, background=False)
    index.add(np.arange(3000), vectors)
    allowed = np.arange(0, 3000, 7)
    exact = FlatVectorIndex(DIM)
    exact.add(np.arange(3000), vectors)
    for query in vectors[:20]:
        assert index.search(query, 10, allowed)[0].tolist() == exact.search(query, 10, allowed)[0].tolist()


def test_save_and_load_keep_the_kind_and_the_parameters(tmp_path):
    path = tmp_path / "vectors.faiss"
    index = IvfVectorIndex(DIM, path, threshold=500, background=False)
    index.add(np.arange(2000), clustered(2000))
    index.save(generation=9)
    again = IvfVectorIndex(DIM, path, threshold=500, background=False)
    assert again.load() and again.generation == 9
    assert again.describe() == index.describe() and isinstance(again.parameters, IvfParameters)
    assert sorted(again.ids().tolist()) == list(range(2000))
    assert FlatVectorIndex(DIM, path).load() is False  # KB_VECTOR_INDEX=flat rebuilds from the database


def test_an_exact_file_above_the_threshold_is_loaded_and_then_trained(tmp_path):
    path = tmp_path / "vectors.faiss"
    flat = FlatVectorIndex(DIM, path)
    flat.add(np.arange(800), clustered(800))
    flat.save(generation=2)
    index = IvfVectorIndex(DIM, path, threshold=500, background=False)
    assert index.load() and index.generation == 2
    assert index.kind == "ivf" and len(index) == 800


def test_a_swapped_in_ivf_is_written_at_once_so_a_restart_does_not_train_again(tmp_path, held_training):
    release, calls = held_training
    path = tmp_path / "v.faiss"
    index = IvfVectorIndex(DIM, path, threshold=300)
    index.add(np.arange(400), clustered(400))
    index.save(7)
    release.set()
    assert index.wait_trained(10) and index.kind == "ivf"
    again = IvfVectorIndex(DIM, path, threshold=300)
    assert again.load() and again.kind == "ivf" and again.generation == 7 and len(again) == 400
    assert calls == [400]  # the restart read the trained index


def test_a_change_after_the_last_save_keeps_the_swap_from_writing(tmp_path, held_training):
    release, _ = held_training
    path = tmp_path / "v.faiss"
    index = IvfVectorIndex(DIM, path, threshold=300)
    index.add(np.arange(400), clustered(400))
    index.save(7)
    index.add(np.array([10**6]), clustered(1, seed=9))  # not yet saved: not generation 7's state
    release.set()
    assert index.wait_trained(10) and index.kind == "ivf"
    on_disk = FlatVectorIndex(DIM, path)
    assert on_disk.load() and len(on_disk) == 400 and on_disk.generation == 7
