"""The `VectorIndex` contract: what every vector backend must do, whatever stores its vectors.

`VectorIndexContract` holds the tests; a backend's test class inherits them and supplies
`make_index`, a factory of fresh instances on one storage (two calls see the same saved state).
`TestVectorBackends` runs the contract for every entry of `index.backends.VECTOR_INDEXES`, so a
backend added to the table is tested without a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from index.backends import VECTOR_INDEXES, create_vector_index
from index.vector_index import VectorIndex
from tests.index.damage import damage_files, damages
from tests.index.pg_storage import DamageFilesOrTables, backend_params, instances

DIM = 16
# the IVF backend with a tiny threshold, trained in the caller's thread: the contract's 50 vectors
# are then really searched, removed and saved as IVF (tests/index/test_ivf_index.py checks that)
OPTIONS = {"ivf": {"threshold": 20, "background": False}}
MakeIndex = Callable[..., VectorIndex]


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


class VectorIndexContract:
    """Inherit and provide `make_index(dimension=DIM) -> VectorIndex` on fresh storage."""

    @pytest.fixture
    def make_index(self) -> MakeIndex:
        raise NotImplementedError("the backend's test class supplies make_index")

    @pytest.fixture
    def vectors(self) -> np.ndarray:
        return unit(np.random.default_rng(7).normal(size=(50, DIM)))

    @pytest.fixture
    def index(self, make_index: MakeIndex, vectors: np.ndarray) -> VectorIndex:
        index = make_index()
        index.add(np.arange(1000, 1050), vectors)
        return index

    def damage_storage(self, folder: Path, damage: str) -> None:
        damage_files(folder, damage)

    # -- shape of the interface ------------------------------------------------------------
    def test_is_a_vector_index_and_starts_empty(self, make_index):
        fresh = make_index()
        assert isinstance(fresh, VectorIndex)
        assert fresh.dimension == DIM and fresh.generation == -1 and len(fresh) == 0
        found, scores = fresh.search(np.ones(DIM, np.float32), 5)
        assert len(found) == 0 and len(scores) == 0

    def test_search_returns_int64_ids_and_float_scores_of_equal_length(self, index, vectors):
        found, scores = index.search(vectors[0], 7)
        assert found.dtype == np.int64 and np.issubdtype(scores.dtype, np.floating)
        assert found.shape == scores.shape == (7,)
        assert len(index) == 50

    # -- searching -------------------------------------------------------------------------
    def test_exact_vector_is_found_first_with_score_one(self, index, vectors):
        found, scores = index.search(vectors[3], 5)
        assert found[0] == 1003
        assert scores[0] == pytest.approx(1.0, abs=1e-5)

    def test_scores_descend(self, index, vectors):
        _, scores = index.search(vectors[11], 50)
        assert len(scores) == 50
        assert np.all(np.diff(scores) <= 1e-7)

    def test_allowed_restricts_results(self, index, vectors):
        found, _ = index.search(vectors[3], 5, allowed=np.array([1010, 1020, 77]))
        assert sorted(found.tolist()) == [1010, 1020]  # 77 is no chunk of the index

    def test_allowed_ranks_like_the_unrestricted_search(self, index, vectors):
        everything = index.search(vectors[5], 50)[0].tolist()
        allowed = everything[-10:]  # the ten farthest chunks
        found, _ = index.search(vectors[5], 3, allowed=np.array(allowed))
        assert found.tolist() == allowed[:3]

    def test_empty_allowed_finds_nothing(self, index, vectors):
        found, scores = index.search(vectors[3], 5, allowed=np.array([], np.int64))
        assert len(found) == 0 and len(scores) == 0

    def test_k_larger_than_the_index_returns_every_chunk_once(self, index, vectors):
        found, scores = index.search(vectors[0], 500)
        assert sorted(found.tolist()) == list(range(1000, 1050))
        assert len(scores) == 50

    # -- changing --------------------------------------------------------------------------
    def test_remove_takes_ids_out(self, index, vectors):
        index.remove(np.array([1003, 1004]))
        assert len(index) == 48
        found, _ = index.search(vectors[3], 50)
        assert 1003 not in found and 1004 not in found and len(found) == 48

    def test_ids_lists_every_chunk_and_follows_changes_and_save(self, index, make_index, vectors):
        assert sorted(index.ids().tolist()) == list(range(1000, 1050))
        index.remove(np.array([1003]))
        index.add(np.array([2**40]), vectors[:1])
        index.save(generation=3)
        again = make_index()
        assert again.load()
        assert sorted(again.ids().tolist()) == sorted([*range(1000, 1003), *range(1004, 1050), 2**40])
        assert len(make_index().ids()) == 0

    def test_removing_unknown_or_no_ids_is_harmless(self, index):
        index.remove(np.array([5, 6], np.int64))
        index.remove(np.array([], np.int64))
        assert len(index) == 50

    def test_clear_empties_and_the_index_stays_usable(self, index, vectors):
        index.clear()
        assert len(index) == 0 and len(index.search(vectors[3], 5)[0]) == 0
        index.add(np.array([7]), vectors[3:4])
        assert index.search(vectors[3], 5)[0].tolist() == [7]

    def test_ids_are_int64_chunk_ids_including_large_ones(self, make_index, vectors):
        big = np.array([2**40, 2**40 + 1, 2**62], np.int64)
        index = make_index()
        index.add(big, vectors[:3])
        assert index.search(vectors[1], 1)[0].tolist() == [2**40 + 1]
        index.remove(big[:1])
        index.save(generation=1)
        again = make_index()
        assert again.load()
        assert sorted(again.search(vectors[0], 5)[0].tolist()) == [2**40 + 1, 2**62]

    # -- refusing wrong input --------------------------------------------------------------
    @pytest.mark.parametrize("shape", [(1, 8), (1, DIM + 1), (DIM,)])
    def test_adding_vectors_of_another_dimension_raises_value_error(self, index, shape):
        with pytest.raises(ValueError):
            index.add(np.array([99]), np.ones(shape, np.float32))
        assert len(index) == 50

    def test_a_query_of_another_dimension_raises_value_error(self, index, make_index):
        with pytest.raises(ValueError):
            index.search(np.ones(8, np.float32), 5)
        with pytest.raises(ValueError):  # also when there is nothing to search yet
            make_index().search(np.ones(8, np.float32), 5)

    def test_ids_and_vectors_of_different_count_raise_value_error(self, index, vectors):
        with pytest.raises(ValueError):
            index.add(np.array([1, 2, 3]), vectors[:2])
        assert len(index) == 50

    # -- durability ------------------------------------------------------------------------
    def test_save_then_load_in_a_fresh_instance_restores_contents_and_generation(
            self, index, make_index, vectors):
        index.remove(np.array([1009]))
        index.save(generation=7)
        assert index.generation == 7
        loaded = make_index()
        assert loaded.load()
        assert loaded.generation == 7 and len(loaded) == 49
        assert loaded.search(vectors[8], 1)[0].tolist() == [1008]
        assert 1009 not in loaded.search(vectors[9], 50)[0]

    def test_load_without_saved_state_returns_false(self, make_index):
        fresh = make_index()
        assert fresh.load() is False
        assert fresh.generation == -1 and len(fresh) == 0

    @damages
    def test_damaged_storage_is_no_index_and_the_index_works_afresh(
            self, index, make_index, vectors, tmp_path, damage):
        index.save(generation=3)
        self.damage_storage(tmp_path, damage)
        fresh = make_index()
        assert fresh.load() is False
        assert fresh.generation == -1 and len(fresh) == 0
        fresh.add(np.array([5]), vectors[:1])
        assert fresh.search(vectors[0], 3)[0].tolist() == [5]

    def test_saved_state_of_another_dimension_is_not_loaded(self, index, make_index):
        index.save(generation=4)
        other = make_index(dimension=DIM // 2)
        assert other.load() is False
        assert other.dimension == DIM // 2 and len(other) == 0


class TestVectorBackends(DamageFilesOrTables, VectorIndexContract):
    """Every backend of `index.backends.VECTOR_INDEXES`, built through the factory (PostgreSQL
    ones on a fresh database each, skipped without KB_TEST_POSTGRES_URL)."""

    @pytest.fixture(params=backend_params(VECTOR_INDEXES))
    def make_index(self, request, tmp_path: Path):
        def build(kind: str, database: str | None, dimension: int = DIM) -> VectorIndex:
            return create_vector_index(kind, dimension, tmp_path, database, **OPTIONS.get(kind, {}))

        yield from instances(self, request, build)
