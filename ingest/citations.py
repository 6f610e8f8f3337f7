"""Find German norm citations ("§ 22 Abs. 1 Satz 3 SGB II") in text and normalise them.

Chunks store the norms they cite, queries containing a citation boost chunks citing the same
norm, and users filter by norm; all three need one canonical id per norm however it was written
("§22 SGB 2", "§ 22 I 3 SGB II", "§ 22 des Zweiten Buches Sozialgesetzbuch").

The grammar that reads citations lives in `ingest.citation_grammar`; this module turns what it
reads into `Citation`s and canonical ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.citation_grammar import ANCHOR_RE, parse_group, parse_item, resolve_laws, scan
from ingest.legal import canonical_law, is_sgb

__all__ = ["Citation", "canonical_law", "heading_norm", "norm_ids", "parse_citations",
           "parse_norm_query"]

_QUERY_SPLIT_RE = re.compile(r"§|(?i:\bParagra(?:f|ph)|\bArt(?:ikel)?\b)|(?<=\s)\d")


@dataclass(frozen=True)
class Citation:
    """One cited norm: a paragraph or article, optionally down to Absatz, Satz and Nummer."""

    law: str | None
    paragraph: str
    absatz: int | None = None
    satz: int | None = None
    nummer: int | None = None
    kind: str = "§"
    start: int = 0
    end: int = 0

    def norm_id(self, level: str = "absatz") -> str:
        """Canonical id; filters and boosts compare these strings, so the format is fixed."""
        if level not in ("paragraph", "absatz"):
            raise ValueError(f"unknown level {level!r}")
        norm = f"{self.kind} {self.paragraph}"
        if level == "absatz" and self.absatz is not None:
            norm += f" Abs. {self.absatz}"
        elif level == "absatz" and self.kind == "Art." and self.nummer is not None:
            norm += f" Nr. {self.nummer}"  # articles of amending laws are split into Nummern
        return f"{self.law} {norm}" if self.law else norm



def parse_citations(text: str, default_law: str | None = None) -> list[Citation]:
    """All citations in reading order, one per paragraph and Absatz of lists and ranges.

    `default_law` is the law whose own text is parsed: its internal references ("nach § 22
    Absatz 5") name no law.
    """
    default = (canonical_law(default_law) or default_law) if default_law else None
    groups = scan(text, bare_books=default is None or is_sgb(default))
    resolve_laws(text, groups, default)
    return [Citation(item.law, paragraph, p.absatz, p.satz, p.nummer, group.kind, item.start,
                     item.end if item.law_end is None else item.law_end)
            for group in groups for item in group.items
            for paragraph in item.paragraphs for p in item.parts]


def norm_ids(text: str, default_law: str | None = None, level: str = "paragraph") -> list[str]:
    """Unique canonical ids in order of first appearance; citations without law are dropped."""
    ids = (c.norm_id(level) for c in parse_citations(text, default_law) if c.law)
    return list(dict.fromkeys(ids))


def heading_norm(heading: str, law: str | None) -> str | None:
    """Norm id of a law-text heading ("§ 22 Bedarfe für Unterkunft …"); None for other headings.

    A law-text chunk *is* the norm of its section, so only a heading starting with the citation
    counts; "§§ 64 bis 64c (weggefallen)" yields its first paragraph.
    """
    stripped = heading.strip()
    anchor = ANCHOR_RE.match(stripped)
    group = parse_group(stripped, anchor, bare_books=True) if anchor else None
    if not group or not group.items:
        return None
    first = group.items[0]
    own = first.law if first.state == "explicit" else (canonical_law(law) or law if law else None)
    return Citation(own, first.paragraphs[0], kind=group.kind).norm_id("paragraph")


def _query_norm(rest: str, law: str | None) -> str | None:
    """Id for a query's norm part ("§ 22 Abs. 1", "22 SGB II") given the law before it, if any."""
    rest = rest if ANCHOR_RE.match(rest) else "§ " + rest
    anchor = ANCHOR_RE.match(rest)
    item = parse_item(rest, anchor.end(), multi=False) if anchor else None
    if anchor is None or item is None or len(item.parts) != 1:
        return None
    tail = rest[item.end:].strip(" .,;")
    if law is None:
        law = canonical_law(tail) if tail else None
    elif tail:
        return None
    kind = "Art." if anchor["art"] else "§"
    cite = Citation(law, item.paragraphs[0], item.parts[0].absatz, kind=kind)
    return cite.norm_id() if law else None


def parse_norm_query(text: str) -> str | None:
    """Canonical id for a norm filter ("SGB II § 22", "§22 sgb 2", "BGB 535"); None otherwise.

    Filters need a law: a bare "§ 22" is ambiguous across laws and gives None. Only the first
    80 characters may hold a leading law name, which keeps pasted long texts linear.
    """
    query = " ".join(text.split())
    starts = [0] + [m.start() for m in _QUERY_SPLIT_RE.finditer(query, 0, 80) if m.start()]
    for i in starts if query else []:
        law = canonical_law(query[:i]) if i else None
        if (i == 0 or law is not None) and (norm := _query_norm(query[i:], law)):
            return norm
    return None
