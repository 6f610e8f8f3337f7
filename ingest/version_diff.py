"""Structural diff of two versions of a document: section by section, paragraph by paragraph,
word by word.

When a law is amended or a circular gets a new version, staff need to see *what* changed, not
two texts side by side. Sections (headings; for a law text its norms) are aligned by a key that
survives a new version – the norm number, else the folded heading – so inserted norms ("§ 11a"),
repealed ones ("(weggefallen)") and renamed headings line up; headings whose wording changed are
paired by the similarity of their text, in order. Within a section paragraphs are aligned with
difflib, and a replaced paragraph gets a word diff. Layout (whitespace, line breaks, soft
hyphens, Markdown emphasis, bullets) never counts as a change.

Pure: two `ParsedDocument`s in, a `DocumentDiff` out (see `ingest.version_models`).
"""

from __future__ import annotations

import re

from ingest.models import ParsedDocument
from ingest.version_align import align
from ingest.version_models import PARAGRAPH_STATES, SECTION_STATES, DocumentDiff, ParagraphDiff, SectionDiff
from ingest.version_paragraphs import added, paragraph_diffs, removed
from ingest.version_sections import PATH_JOIN, Section, document_sections, heading_key, norm_of_heading
from ingest.version_text import Token, similarity, word_diff

__all__ = ["PARAGRAPH_STATES", "SECTION_STATES", "DocumentDiff", "ParagraphDiff", "SectionDiff", "Token",
           "diff_documents", "diff_section"]

SECTION_THRESHOLD = 0.3
"""Two non-norm sections whose headings differ are one section when this share of their
words (heading and text, in order) agrees."""

_NORM_START = re.compile(r"§|\bArt(?:ikel|\.|\b)")


def diff_documents(old: ParsedDocument, new: ParsedDocument) -> DocumentDiff:
    """All sections of both versions, aligned, in reading order of the new version."""
    olds, news = document_sections(old), document_sections(new)
    words = ([s.words() for s in olds], [s.words() for s in news])

    def score(i: int, j: int) -> float:
        return similarity(words[0][i], words[1][j], SECTION_THRESHOLD)

    def pairable(i: int, j: int) -> bool:  # a norm is its number: § 15a is never § 15b
        return olds[i].norm is None and news[j].norm is None

    pairs = align([s.key for s in olds], [s.key for s in news], score, SECTION_THRESHOLD, pairable)
    sections = [section_diff(None if i is None else olds[i], None if j is None else news[j], moved)
                for i, j, moved in pairs]
    return DocumentDiff(sections, old.title, new.title)


def diff_section(diff: DocumentDiff, key: str) -> SectionDiff | None:
    """One section of a diff: by norm ("§ 15", "§15", "SGB II § 15", "Art. 3") or by its key
    or heading; None when the diff has no such section."""
    start = _NORM_START.search(key)
    norm = norm_of_heading(key[start.start():]) if start else None
    folded = PATH_JOIN.join(heading_key(part) for part in key.split(PATH_JOIN))
    for section in diff.sections:
        if (norm and section.norm == norm) or section.key in (key, folded):
            return section
    return None


def section_diff(old: Section | None, new: Section | None, moved: bool = False) -> SectionDiff:
    """The diff of one aligned pair; either side may be missing."""
    if new is None or (old is not None and new.repealed and not old.repealed):
        return _gone(old, new)
    if old is None or (old.repealed and not new.repealed):
        return _came(old, new)
    paragraphs = paragraph_diffs(old, new)
    renamed = old.compared_title != new.compared_title
    same = not renamed and all(p.state == "unchanged" for p in paragraphs)
    title_tokens = word_diff(old.title, new.title) if renamed else []
    return SectionDiff(new.key, new.title, "unchanged" if same else "changed", paragraphs, new.norm,
                       old.title, new.title, title_tokens, new.repealed, moved)


def _gone(old: Section, new: Section | None) -> SectionDiff:
    """Removed, or repealed with a placeholder left in the new version."""
    paragraphs = [removed(text) for text in old.paragraphs]
    title = new.title if new else old.title
    return SectionDiff(new.key if new else old.key, title, "removed", paragraphs, old.norm, old.title,
                       new.title if new else None, repealed=new is not None or old.repealed)


def _came(old: Section | None, new: Section) -> SectionDiff:
    """Added, or given text again where the old version had only a placeholder."""
    paragraphs = [added(text) for text in new.paragraphs]
    return SectionDiff(new.key, new.title, "added", paragraphs, new.norm,
                       old.title if old else None, new.title, repealed=new.repealed)
