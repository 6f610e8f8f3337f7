"""The `Reranker` contract: one score per (query, passage) pair, whatever model reads them.

`RerankerContract` holds the tests; an implementation's test class inherits them and supplies a
`reranker` fixture. A random tiny model cannot show that a relevant passage wins, so the contract
asks what any model must do: one float per passage, repeatably, and each pair scored on its own
(neither the batch it is in nor its place in the batch changes its score).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.backends import create_reranker
from index.reranker import CrossEncoderReranker, Reranker
from tests.index.test_reranker import build_tiny_cross_encoder

QUERY = "Miete Kaution"
# Of different lengths (padding within a batch) and more than one batch of 16.
PASSAGES = [" ".join(["kaution darlehen", "heizung", "umzug kosten unterkunft", "miete"][: 1 + i % 4])
            + " zusicherung" * (i % 5) for i in range(20)]


class RerankerContract:
    """Inherit and provide a `reranker` fixture."""

    @pytest.fixture
    def reranker(self) -> Reranker:
        raise NotImplementedError("the implementation's test class supplies reranker")

    def test_is_a_reranker(self, reranker):
        assert isinstance(reranker, Reranker)

    def test_one_float_score_per_passage(self, reranker):
        scores = reranker.scores(QUERY, PASSAGES)
        assert isinstance(scores, np.ndarray) and scores.shape == (len(PASSAGES),)
        assert np.issubdtype(scores.dtype, np.floating) and np.all(np.isfinite(scores))

    def test_no_passages_give_an_empty_array(self, reranker):
        scores = reranker.scores(QUERY, [])
        assert isinstance(scores, np.ndarray) and scores.shape == (0,)

    def test_the_same_input_gives_the_same_scores(self, reranker):
        assert np.array_equal(reranker.scores(QUERY, PASSAGES), reranker.scores(QUERY, PASSAGES))

    def test_the_pairs_are_read_not_a_constant(self, reranker):
        assert len(set(reranker.scores(QUERY, PASSAGES).tolist())) > 1
        alone = [reranker.scores(query, PASSAGES[:1])[0] for query in ("Miete Kaution", "Heizung Umzug")]
        assert alone[0] != alone[1], "the query is read too"

    def test_batching_does_not_change_a_score(self, reranker):
        together = reranker.scores(QUERY, PASSAGES)
        alone = np.array([reranker.scores(QUERY, [p])[0] for p in PASSAGES])
        assert np.allclose(together, alone, rtol=0, atol=1e-5)

    def test_the_order_of_the_passages_does_not_change_a_score(self, reranker):
        forward = reranker.scores(QUERY, PASSAGES)
        assert np.allclose(reranker.scores(QUERY, PASSAGES[::-1]), forward[::-1], rtol=0, atol=1e-5)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_cross_encoder(tmp_path_factory.mktemp("cross-encoder"))


class TestCrossEncoderReranker(RerankerContract):
    """The cross-encoder, built through the factory from a tiny local model folder."""

    @pytest.fixture(scope="class")
    def reranker(self, tiny_model) -> Reranker:
        reranker = create_reranker(tiny_model)
        assert isinstance(reranker, CrossEncoderReranker)
        return reranker


def test_no_model_folder_means_no_reranker():
    assert create_reranker(None) is None
