"""Rank fusion and diversity: the arithmetic the hybrid search relies on."""

import pytest

from index.fusion import diversify, reciprocal_rank_fusion, weighted_sum


def test_rrf_rewards_agreement_and_respects_weights():
    dense, lexical = [(1, 0.9), (2, 0.8), (3, 0.7)], [(3, 12.0), (1, 9.0)]
    fused = reciprocal_rank_fusion([(dense, 1.0), (lexical, 1.0)], k=60)
    assert [i for i, _ in fused] == [1, 3, 2]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    heavy = reciprocal_rank_fusion([(dense, 1.0), (lexical, 3.0)], k=60)
    assert heavy[0][0] == 3


def test_rrf_ties_keep_the_order_of_first_appearance():
    fused = reciprocal_rank_fusion([([(5, 1.0)], 1.0), ([(7, 1.0)], 1.0)], k=60)
    assert [i for i, _ in fused] == [5, 7]


def test_weighted_sum_is_bm25_with_term_weights():
    merged = weighted_sum([([(1, 10.0), (2, 4.0)], 1.0), ([(2, 20.0), (3, 5.0)], 0.3)])
    assert merged == [(1, 10.0), (2, 10.0), (3, 1.5)]


def test_diversify_caps_a_document_on_the_first_page_without_dropping_results():
    ranked = [(i, 1.0 - i / 10) for i in range(6)]
    groups = {0: ["a"], 1: ["a"], 2: ["a"], 3: ["b"], 4: ["a"], 5: ["c"]}
    out = diversify(ranked, groups, lambda _group: 2, window=4)
    assert [i for i, _ in out] == [0, 1, 3, 5, 2, 4]
    assert sorted(out) == sorted(ranked)


def test_diversify_admits_an_item_only_while_each_of_its_groups_has_room():
    ranked = [(i, 1.0 - i / 10) for i in range(7)]
    caps = {"§ 22": 1, "§ 7": 1, "Weisung": 2, "Weisung 1.1": 1, "Weisung 1.2": 1, "Weisung 1.3": 1}
    groups = {0: ["§ 22"], 1: ["§ 22"], 2: ["Weisung", "Weisung 1.1"], 3: ["Weisung", "Weisung 1.1"],
              4: ["Weisung", "Weisung 1.2"], 5: ["Weisung", "Weisung 1.3"], 6: ["§ 7"]}
    out = diversify(ranked, groups, caps.__getitem__, window=4)
    assert [i for i, _ in out] == [0, 2, 4, 6, 1, 3, 5]
