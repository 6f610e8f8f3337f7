"""Paragraphs of one section in two versions: which stayed, which changed (with the words
marked), which were added, removed or moved.

A paragraph counts as changed, not as removed and added, when at least `PARAGRAPH_THRESHOLD`
of its words survive in order in its counterpart: below that a reader is better served by
seeing the old text go and the new text come than by a diff that marks nearly every word.
A removed and an added paragraph that share `MOVE_THRESHOLD` of their words are one paragraph
that moved (list items reordered and renumbered by an amendment), shown where it now stands.
"""

from __future__ import annotations

from ingest.version_align import DP_LIMIT, Pair, Score, align
from ingest.version_models import ParagraphDiff
from ingest.version_sections import Section
from ingest.version_text import display_words, similarity, word_diff

PARAGRAPH_THRESHOLD = 0.4
MOVE_THRESHOLD = 0.6


def paragraph_diffs(old: Section, new: Section) -> list[ParagraphDiff]:
    """The paragraphs of `new` in order, with those only `old` has where they stood."""
    if old.compared == new.compared:
        return [unchanged(o, n) for o, n in zip(old.paragraphs, new.paragraphs, strict=True)]
    if " ".join(old.compared) == " ".join(new.compared):  # same words, broken differently
        return [unchanged(text, text) for text in new.paragraphs]
    old_words = [text.split() for text in old.compared]
    new_words = [text.split() for text in new.compared]

    def score(i: int, j: int) -> float:
        return similarity(old_words[i], new_words[j], PARAGRAPH_THRESHOLD)

    pairs = _moved(align(old.compared, new.compared, score, PARAGRAPH_THRESHOLD), score)
    return [_paragraph(old, new, i, j, moved) for i, j, moved in pairs]


def unchanged(old_text: str, new_text: str) -> ParagraphDiff:
    return ParagraphDiff("unchanged", old_text, new_text, [("equal", _shown(new_text))])


def added(text: str) -> ParagraphDiff:
    return ParagraphDiff("added", None, text, [("insert", _shown(text))])


def removed(text: str) -> ParagraphDiff:
    return ParagraphDiff("removed", text, None, [("delete", _shown(text))])


def _paragraph(old: Section, new: Section, i: int | None, j: int | None, moved: bool) -> ParagraphDiff:
    if i is None:
        return added(new.paragraphs[j])
    if j is None:
        return removed(old.paragraphs[i])
    old_text, new_text = old.paragraphs[i], new.paragraphs[j]
    same = old.compared[i] == new.compared[j]
    tokens = [("equal", _shown(new_text))] if same else word_diff(old_text, new_text)
    if moved:
        return ParagraphDiff("moved", old_text, new_text, tokens)
    return unchanged(old_text, new_text) if same else ParagraphDiff("changed", old_text, new_text, tokens)


def _moved(pairs: list[Pair], score: Score) -> list[Pair]:
    """Pair removed with added paragraphs that are alike (best pairs first) as moved."""
    gone = [i for i, j, _ in pairs if j is None]
    came = [j for i, j, _ in pairs if i is None]
    if not gone or not came or len(gone) * len(came) > DP_LIMIT:
        return pairs
    ranked = sorted(((score(i, j), i, j) for i in gone for j in came), reverse=True)
    partner: dict[int, int] = {}
    for similar, i, j in ranked:
        if similar < MOVE_THRESHOLD:
            break
        if i not in partner.values() and j not in partner:
            partner[j] = i
    taken = set(partner.values())
    return [(partner[j], j, True) if i is None and j in partner else (i, j, moved)
            for i, j, moved in pairs if not (j is None and i in taken)]


def _shown(text: str) -> str:
    return " ".join(display_words(text))
