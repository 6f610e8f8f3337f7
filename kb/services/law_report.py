"""Turning the diff of two law versions into what a caseworker reads: the norms that changed,
came or went, each with its word diff per Absatz, the counts, and the replaced terms.

Only norms count here (the law's title block and preamble are no norms); unchanged Absätze of a
changed norm are counted, not listed — the page is about what changed.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from index.vocabulary import Vocabulary
from ingest.version_diff import DocumentDiff, SectionDiff
from ingest.version_models import ParagraphDiff
from ingest.version_terms import MIN_NORMS, replaced_terms
from kb.services.law_schemas import NORM_STATES, NormChange, ParagraphChange, TermPair, norm_anchor


def norm_changes(diff: DocumentDiff, law: str) -> list[NormChange]:
    """Every norm whose state is not "unchanged", in the reading order of the new version."""
    states = diff.norm_states()
    return [_norm_change(section, states[section.norm], law) for section in diff.sections
            if section.norm and states.get(section.norm, "unchanged") != "unchanged"]


def counts(states: dict[str, str]) -> dict[str, int]:
    found = Counter(states.values())
    return {state: found[state] for state in NORM_STATES}


def _norm_change(section: SectionDiff, state: str, law: str) -> NormChange:
    shown = [_paragraph(p) for p in section.paragraphs if p.state != "unchanged"]
    return NormChange(norm=section.norm, norm_id=f"{law} {section.norm}", anchor=norm_anchor(section.norm),
                      state=state, title=section.title,
                      title_tokens=section.title_tokens, moved=section.moved, paragraphs=shown,
                      unchanged_paragraphs=len(section.paragraphs) - len(shown))


def _paragraph(p: ParagraphDiff) -> ParagraphChange:
    return ParagraphChange(state=p.state, tokens=p.tokens)


def term_pairs(diff: DocumentDiff, old_text: str, new_text: str, min_norms: int = MIN_NORMS) -> list[TermPair]:
    """The mined replacements, each marked if the field vocabulary already joins both terms."""
    vocabulary = _vocabulary()
    return [TermPair(old=p.old, new=p.new, norms=p.norms, before=p.before, after=p.after,
                     in_vocabulary=_joined(vocabulary, p.old, p.new))
            for p in replaced_terms(diff, old_text, new_text, min_norms)]


@cache
def _vocabulary() -> Vocabulary:
    return Vocabulary.load()


def _joined(vocabulary: Vocabulary, old: str, new: str) -> bool:
    """A query with the old term is expanded by the new one (the file's groups are symmetric)."""
    wanted = new.casefold()
    return any(term.casefold() == wanted for term in vocabulary.expand(old))
