"""A document as the version diff sees it: sections under headings, each with a stable key.

Two versions are compared section by section, so each section needs a key that survives a new
version: for a norm the number ("§ 11a", "Art. 3") whatever its title and chapter, because an
amendment renames titles, inserts norms and moves them between chapters but keeps numbers; for
other headings their wording, folded. A repealed norm ("§ 16j – (weggefallen)") is kept as a
placeholder without text, so that repealing reads as the text going away, not as a new heading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.chunking import SKIPPED_SECTIONS
from ingest.citations import heading_norm
from ingest.legal.folding import fold
from ingest.models import Block, ParsedDocument
from ingest.version_text import comparable, comparable_title, display_words

_NORM_PART = re.compile(r"(?:§|Art\.).*$")
_REPEALED_TITLE = re.compile(r"\(\s*(?:weggefallen|aufgehoben)\s*\)", re.I)
_REPEALED_BODY = re.compile(r"^\W*(?:weggefallen|aufgehoben)\W*$", re.I)
_NON_WORD = re.compile(r"[^\w§]+")
_EDITORIAL = re.compile(r"^\s*\(\+\+\+.*\+\+\+\)\s*$", re.S)
"""A GII editorial note ("(+++ § 6 Abs. 1 Nr. 3 u. 4: Zur Anwendung vgl. § 9 +++)"): the
documentation's, not the law's words; one export prints it, another does not."""
PATH_JOIN = " › "
"""Between a parent's and a child's key where a heading repeats ("fall a › beispiel")."""


@dataclass
class Section:
    """One heading with the paragraphs under it (not those of its sub-headings)."""

    key: str
    title: str
    norm: str | None
    paragraphs: list[str]
    repealed: bool = False
    compared: list[str] = field(init=False, repr=False)
    compared_title: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.compared = [comparable(p) for p in self.paragraphs]
        self.compared_title = comparable_title(self.title)

    def words(self, limit: int = 400) -> list[str]:
        """Title and text words (the first `limit`), to tell how alike two sections are."""
        words = self.compared_title.split()
        for text in self.compared:
            if len(words) >= limit:
                break
            words.extend(text.split())
        return words[:limit]


def document_sections(doc: ParsedDocument) -> list[Section]:
    """Sections in reading order; the table of contents is left out (it repeats the headings,
    which are compared anyway), text before the first heading is a section with key ""."""
    raw = [(path, paras) for path, paras in _split(doc.blocks)
           if not (path and SKIPPED_SECTIONS.match(path[-1]))]
    keys = _unique_keys([path for path, _ in raw])
    return [_section(key, path, paras) for key, (path, paras) in zip(keys, raw, strict=True)]


def norm_of_heading(title: str) -> str | None:
    """The norm a heading opens with, without a law: "§ 15 – Kooperationsplan" → "§ 15"."""
    found = heading_norm(title, None)
    match = _NORM_PART.search(found) if found else None
    return match[0] if match else None


def heading_key(title: str) -> str:
    """A heading's key: its norm, else its words folded (case, umlauts, punctuation)."""
    norm = norm_of_heading(title)
    return norm or _NON_WORD.sub(" ", fold(" ".join(display_words(title)))).strip()


def _split(blocks: list[Block]) -> list[tuple[tuple[str, ...], list[str]]]:
    """(heading path, paragraphs) per heading, headings without text included: a renamed
    chapter heading is a change even if no text stands directly under it."""
    sections: list[tuple[tuple[str, ...], list[str]]] = [((), [])]
    stack: list[tuple[int, str]] = []
    for block in blocks:
        if block.is_heading:
            stack = [(lvl, txt) for lvl, txt in stack if lvl < block.level] + [(block.level, block.text)]
            sections.append((tuple(txt for _, txt in stack), []))
        elif block.text.strip() and not _EDITORIAL.match(block.text):
            sections[-1][1].append(block.text)
    return sections if sections[0][1] else sections[1:]


def _unique_keys(paths: list[tuple[str, ...]]) -> list[str]:
    """Heading keys, made unique: a repeated key ("Beispiel" under several headings) gets its
    parent's key in front, and if that is not enough its occurrence number."""
    keys = [heading_key(path[-1]) if path else "" for path in paths]
    counts = Counter(keys)
    keys = [f"{heading_key(path[-2])}{PATH_JOIN}{key}" if counts[key] > 1 and len(path) > 1
            else key for key, path in zip(keys, paths, strict=True)]
    counts, seen = Counter(keys), Counter()
    unique = []
    for key in keys:
        seen[key] += 1
        unique.append(f"{key} #{seen[key]}" if counts[key] > 1 else key)
    return unique


def _section(key: str, path: tuple[str, ...], paragraphs: list[str]) -> Section:
    title = path[-1] if path else ""
    norm = norm_of_heading(title) if title else None
    body = [p for p in paragraphs if not _REPEALED_BODY.match(p)]
    repealed = norm is not None and not body and (bool(_REPEALED_TITLE.search(title)) or bool(paragraphs))
    return Section(key, title, norm, [] if repealed else paragraphs, repealed)
