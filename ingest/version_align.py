"""Aligning two sequences (sections of two versions, paragraphs of one section) in order.

difflib's SequenceMatcher finds the runs of equal keys; what lies between them is a gap where
items were deleted, inserted or replaced. Items whose key appears in a gap on the other side
moved (a norm moved to another chapter, an Absatz moved up) and are paired by key. The rest of
a gap is paired by similarity with a small dynamic programme, so a rewritten paragraph is shown
as "changed" with its words marked instead of as one paragraph deleted and another inserted.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from difflib import SequenceMatcher

Pair = tuple[int | None, int | None, bool]
"""(old index, new index, moved); None where the item exists on one side only."""

Score = Callable[[int, int], float]

DP_LIMIT = 2500
"""Larger gaps (old × new items) are paired by position: the programme is quadratic."""


def align(old_keys: Sequence[Hashable], new_keys: Sequence[Hashable], score: Score,
          threshold: float, pairable: Callable[[int, int], bool] | None = None) -> list[Pair]:
    """Every old and new index exactly once, in reading order of the new sequence (removed
    items where they stood). Pairs in a gap need `score` ≥ `threshold` and `pairable`."""
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    opcodes = matcher.get_opcodes()
    moves = _moves(opcodes, old_keys, new_keys)
    moved_old = set(moves.values())
    out: list[Pair] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            out.extend((i, j, False) for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        olds = [i for i in range(i1, i2) if i not in moved_old]

        def gap_score(i: int, j: int) -> float:
            if j in moves or (pairable is not None and not pairable(i, j)):
                return -1.0
            return score(i, j)

        for i, j in align_gap(olds, list(range(j1, j2)), gap_score, threshold):
            out.append((moves[j], j, True) if i is None and j in moves else (i, j, False))
    return out


def align_gap(old: list[int], new: list[int], score: Score, threshold: float) -> list[tuple[int | None, int | None]]:
    """Monotone pairing of a gap that maximises the summed score of its pairs; unpaired old
    items come before unpaired new ones at the same place (deleted, then inserted)."""
    if not old or not new:
        return [(i, None) for i in old] + [(None, j) for j in new]
    if len(old) * len(new) > DP_LIMIT:
        return _by_position(old, new, score, threshold)
    best, pairs = _table(old, new, score, threshold)
    return _trace(old, new, best, pairs)


def _table(old: list[int], new: list[int], score: Score, threshold: float):
    """best[a][b]: best total for old[:a] and new[:b]; pairs[(a, b)]: score of pairing them."""
    best = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    pairs: dict[tuple[int, int], float] = {}
    for a in range(1, len(old) + 1):
        for b in range(1, len(new) + 1):
            value = max(best[a - 1][b], best[a][b - 1])
            similar = score(old[a - 1], new[b - 1])
            if similar >= threshold:
                pairs[a, b] = similar
                value = max(value, best[a - 1][b - 1] + similar)
            best[a][b] = value
    return best, pairs


def _trace(old: list[int], new: list[int], best, pairs) -> list[tuple[int | None, int | None]]:
    out: list[tuple[int | None, int | None]] = []
    a, b = len(old), len(new)
    while a or b:
        if a and b and (a, b) in pairs and best[a][b] == best[a - 1][b - 1] + pairs[a, b]:
            out.append((old[a - 1], new[b - 1]))
            a, b = a - 1, b - 1
        elif b and (not a or best[a][b] == best[a][b - 1]):
            out.append((None, new[b - 1]))  # traced backwards: inserts end up after deletes
            b -= 1
        else:
            out.append((old[a - 1], None))
            a -= 1
    return out[::-1]


def _by_position(old: list[int], new: list[int], score: Score, threshold: float):
    out: list[tuple[int | None, int | None]] = []
    for i, j in zip(old, new, strict=False):
        out.extend([(i, j)] if score(i, j) >= threshold else [(i, None), (None, j)])
    out.extend((i, None) for i in old[len(new):])
    out.extend((None, j) for j in new[len(old):])
    return out


def _moves(opcodes, old_keys: Sequence[Hashable], new_keys: Sequence[Hashable]) -> dict[int, int]:
    """new index → old index for equal keys that stand in gaps on both sides (moved items);
    repeated keys are paired first with first."""
    waiting: dict[Hashable, list[int]] = {}
    for op, i1, i2, _, _ in opcodes:
        if op != "equal":
            for i in range(i1, i2):
                waiting.setdefault(old_keys[i], []).append(i)
    moves: dict[int, int] = {}
    for op, _, _, j1, j2 in opcodes:
        if op != "equal":
            for j in range(j1, j2):
                if waiting.get(new_keys[j]):
                    moves[j] = waiting[new_keys[j]].pop(0)
    return moves
