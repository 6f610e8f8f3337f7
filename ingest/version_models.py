"""What a version diff hands over: plain dataclasses, no database, ready for a page or JSON.

States are strings (not an enum) because templates, the JSON API and tests compare them
literally. A section is a heading of the document (for a law: a norm), a paragraph one block of
text under it (for a law: an Absatz, a list item, a sentence after a list).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ingest.version_text import Token

SECTION_STATES = ("unchanged", "changed", "added", "removed")
PARAGRAPH_STATES = ("unchanged", "changed", "added", "removed", "moved")


@dataclass
class ParagraphDiff:
    """One paragraph of a section in both versions.

    `state`: "unchanged" (same words, layout may differ), "changed" (a replaced paragraph:
    `tokens` marks the words), "added", "removed", or "moved" (it stands at another place in
    the section now, shown there; `tokens` marks any words changed with it, such as a list
    item's new number). `tokens` always covers the paragraph: one "equal" run for unchanged,
    one "insert" run for added, one "delete" run for removed.
    """

    state: str
    old_text: str | None
    new_text: str | None
    tokens: list[Token]


@dataclass
class SectionDiff:
    """One section (heading) in both versions.

    `key` aligns the versions (the norm number "§ 15" for law texts, else the folded heading),
    `title` is the current heading (the old one for a removed section), `norm` the norm without
    law or None. A norm repealed in the new version ("(weggefallen)") is "removed" with
    `repealed` set: its text is gone although the placeholder heading stays; a placeholder
    that receives text again is "added". `moved`: the section stands at another place (e.g. a
    norm moved to another chapter); its state still says whether its words changed.
    """

    key: str
    title: str
    state: str
    paragraphs: list[ParagraphDiff]
    norm: str | None = None
    old_title: str | None = None
    new_title: str | None = None
    title_tokens: list[Token] = field(default_factory=list)  # word diff of a changed heading
    repealed: bool = False
    moved: bool = False

    @property
    def counts(self) -> dict[str, int]:
        """Paragraphs per state, every state present (0 where none)."""
        found = Counter(p.state for p in self.paragraphs)
        return {state: found[state] for state in PARAGRAPH_STATES}


@dataclass
class DocumentDiff:
    """All sections of two versions in reading order (removed ones where they stood)."""

    sections: list[SectionDiff]
    old_title: str | None = None
    new_title: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Sections per state, every state present (0 where none)."""
        found = Counter(s.state for s in self.sections)
        return {state: found[state] for state in SECTION_STATES}

    @property
    def paragraph_counts(self) -> dict[str, int]:
        found = Counter(p.state for s in self.sections for p in s.paragraphs)
        return {state: found[state] for state in PARAGRAPH_STATES}

    def changed(self) -> list[SectionDiff]:
        """The sections that are not unchanged, for a page that lists only the changes."""
        return [s for s in self.sections if s.state != "unchanged"]

    def norm_states(self) -> dict[str, str]:
        """Per norm ("§ 15") its change in the vocabulary of law versions: "unchanged",
        "changed", "new" or "repealed" (its text went away, a placeholder may be left; also a
        placeholder that only the new version lists, inserted and repealed in between)."""
        return {s.norm: _norm_state(s) for s in self.sections if s.norm}


def _norm_state(section: SectionDiff) -> str:
    if section.state == "removed" or (section.state == "added" and section.repealed):
        return "repealed"
    return "new" if section.state == "added" else section.state
