"""Rank fusion and diversity: the arithmetic the hybrid search relies on."""

import pytest

from index.fusion import diversify, reciprocal_rank_fusion, weighted_sum


def test_rrf_rewards_agreement_and_respects_weights():
    lists = {"dense": [(1, 0.9), (2, 0.8), (3, 0.7)], "lexical": [(3, 12.0), (1, 9.0)]}
    fused = reciprocal_rank_fusion(lists, k=60)
    assert [i for i, _ in fused] == [1, 3, 2]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    heavy = reciprocal_rank_fusion(lists, k=60, weights={"lexical": 3.0})
    assert heavy[0][0] == 3


def test_weighted_sum_is_bm25_with_term_weights():
    merged = weighted_sum({"own": [(1, 10.0), (2, 4.0)], "synonyms": [(2, 20.0), (3, 5.0)]},
                          {"own": 1.0, "synonyms": 0.3})
    assert merged == [(1, 10.0), (2, 10.0), (3, 1.5)]


def test_diversify_caps_a_document_on_the_first_page_without_dropping_results():
    ranked = [(i, 1.0 - i / 10) for i in range(6)]
    groups = {0: 1, 1: 1, 2: 1, 3: 2, 4: 1, 5: 3}
    out = diversify(ranked, groups, per_group=2, window=4)
    assert [i for i, _ in out] == [0, 1, 3, 5, 2, 4]
    assert sorted(out) == sorted(ranked)


def test_diversify_gives_each_group_its_own_cap():
    ranked = [(i, 1.0 - i / 10) for i in range(6)]
    groups = {0: "§ 22", 1: "§ 22", 2: "Weisung", 3: "Weisung", 4: "§ 7", 5: "Weisung"}
    out = diversify(ranked, groups, lambda g: 1 if g.startswith("§") else 2, window=4)
    assert [i for i, _ in out] == [0, 2, 3, 4, 1, 5]
