"""Rank fusion: combine ranked candidate lists from different retrievers into one ranking.

Reciprocal rank fusion needs no score calibration between BM25 and cosine similarity, which
have incomparable scales; it only trusts each retriever's order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

Ranked = Sequence[tuple[int, float]]


def reciprocal_rank_fusion(lists: Mapping[str, Ranked], k: int = 60,
                           weights: Mapping[str, float] | None = None) -> list[tuple[int, float]]:
    """Σ weight / (k + rank) over the lists an id appears in; ties keep first-seen order."""
    fused: dict[int, float] = {}
    for name, ranked in lists.items():
        weight = (weights or {}).get(name, 1.0)
        for rank, (item, _score) in enumerate(ranked, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda kv: kv[1], reverse=True)


def diversify(ranked: Sequence[tuple[int, float]], group_of: Mapping[int, Hashable],
              per_group: int | Callable[[Hashable], int], window: int) -> list[tuple[int, float]]:
    """Keep at most `per_group` items of one group within the first `window` places; a callable
    gives each group its own cap (a law's § is one provision, a circular a whole text).

    Surplus items are not dropped, only moved behind the window, so paging still reaches them.
    """
    cap = per_group if callable(per_group) else (lambda _group: per_group)
    head: list[tuple[int, float]] = []
    deferred: list[tuple[int, float]] = []
    counts: dict[Hashable, int] = {}
    for item in ranked:
        group = group_of.get(item[0], item[0])
        if len(head) < window and counts.get(group, 0) < cap(group):
            head.append(item)
            counts[group] = counts.get(group, 0) + 1
        else:
            deferred.append(item)
    return head + deferred


def weighted_sum(lists: Mapping[str, Ranked], weights: Mapping[str, float]) -> list[tuple[int, float]]:
    """Σ weight × score: for lists whose scores share one scale (BM25 runs of one index with
    different query terms), this is BM25 with per-term weights."""
    total: dict[int, float] = {}
    for name, ranked in lists.items():
        weight = weights.get(name, 1.0)
        for item, score in ranked:
            total[item] = total.get(item, 0.0) + weight * score
    return sorted(total.items(), key=lambda kv: kv[1], reverse=True)
