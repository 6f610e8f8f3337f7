"""Norm feedback: what the best passages cite points to the law text that answers the question.

A circular or a Weisung explains a provision in the caseworker's words and cites it ('§ 44 SGB
III'); the law text itself is written in the legislator's words and often ranks lower. The norms
cited by (or being) the first passages of a search vote for their law-text sections, each vote
weighted by the passage's rank; the sections with the most votes form one more ranked list.
This is pseudo-relevance feedback over norms instead of over words, which would drift.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

NormsOf = Mapping[int, tuple[frozenset[str], frozenset[str]]]  # chunk → (norms it is, norms it cites)


def norm_votes(ranked: Sequence[int], norms_of: NormsOf, k: int) -> list[tuple[str, float]]:
    """Σ 1/(k + rank) per norm over the passages that are or cite it; a passage citing several
    norms splits its vote, so a list of citations does not outvote a passage about one norm."""
    votes: dict[str, float] = {}
    for rank, chunk_id in enumerate(ranked, start=1):
        weight = 1.0 / (k + rank)
        is_, cites = norms_of.get(chunk_id, (frozenset(), frozenset()))
        for norm in is_:
            votes[norm] = votes.get(norm, 0.0) + weight
        cited = cites - is_
        for norm in cited:
            votes[norm] = votes.get(norm, 0.0) + weight / len(cited)
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))


def sections_by_votes(votes: Sequence[tuple[str, float]], sections: Mapping[str, Sequence[int]],
                      n: int) -> list[tuple[int, float]]:
    """The law-text chunks of the voted norms, best voted norm first, in document order within."""
    out: list[tuple[int, float]] = []
    for norm, score in votes:
        out += [(chunk_id, score) for chunk_id in sections.get(norm, ())]
        if len(out) >= n:
            break
    return out[:n]
