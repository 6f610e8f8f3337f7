"""Analysed terms as PostgreSQL `tsvector` and `tsquery` literals, written term by term.

Why literals and not `to_tsvector`: PostgreSQL's parser would split and normalise the terms
again; a quoted lexeme is taken as it is, so the stored terms are exactly the analyser's (and a
query term is data, never query syntax: quotes and backslashes are escaped).
Fields get their own position ranges, `GAP` apart, so a phrase never spans two fields, and
their weight label: A heading, B body, C compound parts, D norm context.
"""

from __future__ import annotations

from collections.abc import Sequence

WEIGHTS = "ABCD"
GAP = 100  # positions between two fields: more than any proximity distance (≤ 20)
MAX_POSITION = 16_383  # PostgreSQL's limit; later words share the last position
MAX_POSITIONS = 255  # positions kept per lexeme (PostgreSQL keeps at most 256)
MAX_LEXEME_BYTES = 2_000  # PostgreSQL refuses lexemes of 2 KiB and more


def _quoted(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def usable(term: str) -> bool:
    return bool(term) and len(term.encode()) < MAX_LEXEME_BYTES


def terms_vector(fields: Sequence[Sequence[str]]) -> str:
    """The tsvector literal of a chunk's fields (heading, body, parts, context), in that order."""
    positions: dict[str, list[str]] = {}
    start = 1
    for label, terms in zip(WEIGHTS, fields, strict=True):
        for offset, term in enumerate(terms):
            if usable(term):
                slots = positions.setdefault(term, [])
                if len(slots) < MAX_POSITIONS:
                    slots.append(f"{min(start + offset, MAX_POSITION)}{label}")
        start += len(terms) + GAP
    return " ".join(f"{_quoted(term)}:{','.join(slots)}" for term, slots in positions.items())


def weighted_counts(fields: Sequence[Sequence[str]], weights: Sequence[float]) -> dict[str, float]:
    """Each term's occurrences, weighted by its field (FTS5's BM25 frequency with column weights)."""
    counts: dict[str, float] = {}
    for weight, terms in zip(weights, fields, strict=True):
        for term in terms:
            if usable(term):
                counts[term] = counts.get(term, 0.0) + weight
    return counts


def term_query(term: str) -> str:
    """The tsquery literal of one term; '' for a term that cannot be a lexeme (it matches nothing)."""
    return _quoted(term) if usable(term) else ""


def near_query(first: str, second: str, distance: int) -> str:
    """Both terms in the heading or the body with at most `distance` words between, either order."""
    a, b = f"{_quoted(first)}:AB", f"{_quoted(second)}:AB"
    steps = range(1, int(distance) + 2)
    return " | ".join(f"({x} <{k}> {y})" for k in steps for x, y in ((a, b), (b, a)))


def bm25(idf: float, freq: float, length: float, avgdl: float) -> float:
    """FTS5's BM25 term score (k1 = 1.2, b = 0.75)."""
    return idf * freq * 2.2 / (freq + 1.2 * (0.25 + 0.75 * length / avgdl))


def near_frequency(mine: list[tuple[int, float]], other: list[tuple[int, float]], distance: int) -> float:
    """The weighted count of a term's positions with the other term at most `distance` words away
    (FTS5 counts only the instances that make a NEAR match)."""
    return sum(w for p, w in mine if any(abs(p - q) <= distance + 1 for q, _ in other))


def near_score(positions: dict[str, list[tuple[int, float]]], pairs: Sequence[tuple[str, str]], distance: int,
               idf: dict[str, float], length: float, avgdl: float) -> float:
    """FTS5's BM25 of a NEAR query for one chunk: each pair's two terms are phrases of their own,
    counted where they stand near each other."""
    score = 0.0
    for a, b in pairs:
        mine, other = positions.get(a, []), positions.get(b, [])
        for term, freq in ((a, near_frequency(mine, other, distance)), (b, near_frequency(other, mine, distance))):
            if freq:
                score += bm25(idf[term], freq, length, avgdl)
    return score
