"""Rank fusion: combine ranked candidate lists from different retrievers into one ranking.

Reciprocal rank fusion needs no score calibration between BM25 and cosine similarity, which
have incomparable scales; it only trusts each retriever's order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

Ranked = Sequence[tuple[int, float]]
Weighted = Sequence[tuple[Ranked, float]]  # each ranked list with its weight


def reciprocal_rank_fusion(lists: Weighted, k: int = 60) -> list[tuple[int, float]]:
    """Σ weight / (k + rank) over the lists an id appears in; ties keep first-seen order.

    Each list travels with its weight, so a list cannot silently get a default weight because
    its name was misspelt in a separate weight table."""
    fused: dict[int, float] = {}
    for ranked, weight in lists:
        for rank, (item, _score) in enumerate(ranked, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda kv: kv[1], reverse=True)


def diversify(ranked: Sequence[tuple[int, float]], groups_of: Mapping[int, Sequence[Hashable]],
              cap: Callable[[Hashable], int], window: int) -> list[tuple[int, float]]:
    """Within the first `window` places, keep each group to its cap. An item may belong to
    several groups (its section and its document) and enters only while all of them have room.

    Surplus items are not dropped, only moved behind the window, so paging still reaches them.
    """
    head: list[tuple[int, float]] = []
    deferred: list[tuple[int, float]] = []
    counts: dict[Hashable, int] = {}
    for item in ranked:
        groups = groups_of.get(item[0], (item[0],))
        if len(head) < window and all(counts.get(g, 0) < cap(g) for g in groups):
            head.append(item)
            for group in groups:
                counts[group] = counts.get(group, 0) + 1
        else:
            deferred.append(item)
    return head + deferred


def weighted_sum(lists: Weighted) -> list[tuple[int, float]]:
    """Σ weight × score: for lists whose scores share one scale (BM25 runs of one index with
    different query terms), this is BM25 with per-term weights."""
    total: dict[int, float] = {}
    for ranked, weight in lists:
        for item, score in ranked:
            total[item] = total.get(item, 0.0) + weight * score
    return sorted(total.items(), key=lambda kv: kv[1], reverse=True)
