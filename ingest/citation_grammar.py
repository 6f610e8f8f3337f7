"""The citation grammar: reading "§§ 22, 23 Abs. 1 SGB II" into groups of items with their laws.

There is no single big regex: the scanner finds anchors ("§", "§§", "Paragraf", "Art.") and reads
forward with small regexes anchored at the current position, none with nested unbounded
repetition, so it stays linear on any input. Law names come from `ingest.legal.laws`. The public
API that turns groups into `Citation`s and norm ids is `ingest.citations`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.legal import ARTICLE_LAWS, ROMAN, law_after, law_before

MAX_RANGE = 50
"""Longer ranges ("§§ 1 bis 2000") keep only their ends: more likely a misread than a list."""

ANCHOR_RE = re.compile(r"(?P<multi>§§|(?i:\bParagra(?:f|ph)en\b))|§|(?i:\bParagra(?:f|ph)\b)"
                        r"|(?P<art>\b(?:Artikel\b|Art\.|Art\b))")
_ITEM_RE = re.compile(r"\s*(?P<num>\d{1,4})(?!\d)(?![.,]\d)"
                      r"(?:(?P<let>[a-z])(?!\w)|\s(?P<slet>[a-z])(?![\w.]))?")
_ROMAN_RE = re.compile(r"\s+(?P<abs>XIV|XIII|XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)(?!\w)(?!\.\w)"
                       r"(?:\s+(?P<satz>\d{1,2})(?!\d)(?![.,]\d))?")
_DETAIL_RE = re.compile(  # "Abs. 1", "Satz 3", "Nr. 2", and details ids ignore ("Buchst. a")
    r"\s*(?:(?:(?P<absatz>(?i:Absatz|Absätze|Abs\.?))|(?P<satz>(?i:Satz|Sätze|S\.))"
    r"|(?P<nummer>(?i:Nummer|Nrn\.|Nr\.?|Ziffer|Ziff\.)))\s*(?P<v>\d{1,3})(?!\d)(?![.,]\d)"
    r"(?P<vl>[a-z](?!\w))?"
    r"|(?i:Buchst(?:abe|\.)?\s*[a-z]|lit\.\s*[a-z]|(?:Halbsatz|Halbs\.|Hs\.)\s*\d{1,2}"
    r"|(?:Alternative|Alt\.|Variante|Var\.)\s*\d{1,2}|\d\.\s*(?:Alternative|Alt\.|Halbsatz|Hs\.))"
    r"(?!\w))")
_IVM = r"i\.\s?V\.\s?m\.|iVm\b|in\s+Verbindung\s+mit\b"
_CONT_RE = re.compile(rf"\s*(?P<sep>,|und\b|u\.|oder\b|sowie\b|bis\b|[-–—]|{_IVM})\s*"
                      r"(?:(?P<abs>(?i:Absatz|Abs\.?))\s*|(?P<satz>(?i:Satz|S\.))\s*)?"
                      r"(?P<v>\d{1,3})(?!\d)(?![.,]\d)(?P<vl>[a-z](?!\w))?")
_SEP_RE = re.compile(r"\s*(?P<sep>,|und\b|u\.|oder\b|sowie\b|bzw\.|bis\b|[-–—])\s*(?=\d)")
_FF_RE = re.compile(r"\s*ff?\.")
_LINK_RE = re.compile(rf"\s*(?:,|und|u\.|oder|sowie|bzw\.|{_IVM})?\s*")
_RANGE_SEPS = {"bis", "-", "–", "—"}


@dataclass
class Part:
    absatz: int | None = None
    satz: int | None = None
    nummer: int | None = None


@dataclass
class Item:
    """One paragraph (or range) of a group; `state` says where its law came from."""

    start: int
    end: int
    paragraphs: list[str]
    parts: list[Part]
    law: str | None = None
    state: str = "none"  # "explicit", "self" ("dieses Gesetzes"), "foreign" (unknown law)
    law_end: int | None = None


@dataclass
class Group:
    """Everything one anchor introduces: "§§ 31, 31a und 31b SGB II" is one group."""

    kind: str
    start: int
    end: int
    items: list[Item]


def _split(paragraph: str) -> tuple[int, str]:
    """Number and letter suffix of a normalised paragraph ("11b" -> 11, "b")."""
    return (int(paragraph[:-1]), paragraph[-1]) if paragraph[-1].isalpha() else (int(paragraph), "")


def _letters(num: int, first: str, last: str) -> list[str]:
    """The letter-suffixed paragraphs after `first` up to `last` ("", "b" -> 11a, 11b)."""
    begin = ord(first) + 1 if first else ord("a")
    return [f"{num}{chr(c)}" for c in range(begin, ord(last) + 1)]


def _expand(first: str, last: str) -> list[str]:
    """Paragraphs of a range after `first` up to `last`: 11 bis 11b -> 11a, 11b."""
    (n1, l1), (n2, l2) = _split(first), _split(last)
    if n1 == n2:
        return _letters(n1, l1, l2) if l2 > l1 else [last]
    if not n1 < n2 <= n1 + MAX_RANGE:
        return [last]
    return [str(n) for n in range(n1 + 1, n2 + 1)] + (_letters(n2, "", l2) if l2 else [])


def _value(m: re.Match[str]) -> int | None:
    """The number of an Absatz/Satz/Nummer; None for "Abs. 4a", which an int would misname."""
    return None if m["vl"] else int(m["v"])


def _new_parts(parts: list[Part], m: re.Match[str]) -> None:
    """Add the Absatz (or Absatz range) a list continuation like "und 2" / "bis 4" names."""
    value, prev = _value(m), parts[-1].absatz
    if m["sep"] in _RANGE_SEPS and prev and value and prev < value <= prev + MAX_RANGE:
        parts.extend(Part(absatz=a) for a in range(prev + 1, value + 1))
    else:
        parts.append(Part(absatz=value))


def _continuation(text: str, pos: int, parts: list[Part], last: str,
                  multi: bool) -> tuple[int, str] | None:
    """Consume "und Abs. 2", "i. V. m. Satz 2", "Satz 1 und 2"; None if nothing continues.

    A bare number lists Absätze only after a lone "§": in "§§ 22 Abs. 1, 23" 23 is a paragraph.
    """
    m = _CONT_RE.match(text, pos)
    if m is None:
        return None
    ivm = m["sep"][0] == "i"  # "i. V. m." joins another part, it never lists
    if m["abs"] or (last == "absatz" and not multi and not ivm):
        _new_parts(parts, m)
        return m.end(), "absatz"
    if m["satz"]:
        parts.append(Part(absatz=parts[-1].absatz, satz=_value(m)))
        return m.end(), "satz"
    if last in ("satz", "nummer") and not multi and not ivm:
        return m.end(), last  # "Satz 1 und 2": ids stop at the Absatz, so keep the first
    return None


def _record(parts: list[Part], m: re.Match[str]) -> str:
    """Store the Absatz/Satz/Nummer a detail names; a second Absatz starts a new part."""
    name = next((n for n in ("absatz", "satz", "nummer") if m[n]), "")
    if name == "absatz" and parts[-1].absatz is not None:
        parts.append(Part())
    if name and getattr(parts[-1], name) is None:
        setattr(parts[-1], name, _value(m))
    return name


def _parse_parts(text: str, pos: int, multi: bool) -> tuple[list[Part], int]:
    """Read Absatz/Satz/Nummer details after a paragraph number, in any order."""
    parts, last = [Part()], ""
    if m := _ROMAN_RE.match(text, pos):  # short form "§ 22 I 3": Roman Absatz, Arabic Satz
        parts[0] = Part(ROMAN.index(m["abs"]) + 1, int(m["satz"]) if m["satz"] else None)
        pos, last = m.end(), "satz" if m["satz"] else "absatz"
    while True:
        if m := _DETAIL_RE.match(text, pos):
            pos, last = m.end(), _record(parts, m) or last
        elif cont := _continuation(text, pos, parts, last, multi):
            pos, last = cont
        else:
            return parts, pos


def parse_item(text: str, pos: int, multi: bool) -> Item | None:
    """One paragraph number with its details, e.g. "22 Abs. 1 Satz 3"; None if no number."""
    m = _ITEM_RE.match(text, pos)
    if m is None:
        return None
    parts, end = _parse_parts(text, m.end(), multi)
    ff = _FF_RE.match(text, end)  # "§§ 11 ff." cites where the run starts
    paragraph = str(int(m["num"])) + (m["let"] or m["slet"] or "")  # "06 a" -> "6a"
    return Item(m.start("num"), ff.end() if ff else end, [paragraph], parts)


def _add_item(group: Group, item: Item, sep: str | None) -> None:
    """Append an item, or merge it into the previous one when it closes a range."""
    prev = group.items[-1] if group.items else None
    if sep in _RANGE_SEPS and prev and prev.law_end is None:
        prev.paragraphs += _expand(prev.paragraphs[-1], item.paragraphs[0])
        prev.end = item.end
    else:
        group.items.append(item)
    group.end = item.end


def _attach_law(group: Group, found: tuple[str | None, str, int]) -> None:
    """A law named after a list applies to every item since the previous law."""
    for item in reversed(group.items):
        if item.law_end is not None:
            break
        item.law, item.state, item.law_end = found
    group.end = found[2]


def parse_group(text: str, anchor: re.Match[str], bare_books: bool) -> Group:
    """Read the items after an anchor; a lone "§" lists with "und"/"bis", not with commas."""
    multi = bool(anchor["multi"])
    group = Group("Art." if anchor["art"] else "§", anchor.start(), anchor.end(), [])
    pos, sep = anchor.end(), None
    while (item := parse_item(text, pos, multi)) is not None:
        _add_item(group, item, sep)
        if found := law_after(text, item.end, bare_books):
            _attach_law(group, found)
        m = _SEP_RE.match(text, group.end)
        if m is None or (m["sep"] == "," and not multi):
            break
        pos, sep = m.end(), m["sep"]
    laws = [i for i, item in enumerate(group.items) if item.law_end is not None]
    if laws and laws[-1] < len(group.items) - 1:  # "§§ 22, 23 SGB II, 2023 wurde": 2023 is no §
        del group.items[laws[-1] + 1:]
        group.end = group.items[-1].law_end or group.end
    return group


def _law_before(text: str, group: Group, not_before: int, bare_books: bool) -> None:
    """"SGB II § 22": a law right before the sign (as in norm ids and filters) names the group."""
    if found := law_before(text, group.start, not_before, bare_books):
        for item in (i for i in group.items if i.state == "none"):
            item.law, item.state = found[0], "explicit"
        group.start = found[1]


def scan(text: str, bare_books: bool) -> list[Group]:
    """All citation groups in reading order; each group's first item spans from its anchor."""
    groups, pos = [], 0
    while (anchor := ANCHOR_RE.search(text, pos)) is not None:
        group = parse_group(text, anchor, bare_books)
        if group.items:
            if any(item.state == "none" for item in group.items):
                _law_before(text, group, pos, bare_books)
            group.items[0].start = group.start
            groups.append(group)
        pos = max(group.end, anchor.end())
    return groups


def resolve_laws(text: str, groups: list[Group], default: str | None) -> None:
    """Fill in laws the text does not name after (or before) the citation.

    "dieses Gesetzes" and unnamed laws take `default` (the law whose own text is parsed; an unnamed
    "Artikel" only when that law has Artikel, see `ARTICLE_LAWS`); an unknown foreign law ("des
    Gesetzes über …") stays None. Without a default, a bare "§ 7" joined to the next citation
    ("§ 7 i. V. m. § 8 SGB II", "§ 7 und § 8 SGB II") borrows its law.
    """
    borrowed: str | None = None
    for i in range(len(groups) - 1, -1, -1):
        group = groups[i]
        linked = i + 1 < len(groups) and _LINK_RE.fullmatch(text, group.end, groups[i + 1].start)
        own = default if group.kind == "§" or default in ARTICLE_LAWS else None
        inherit = borrowed if linked and default is None else own
        for item in group.items:
            if item.state in ("self", "none"):
                item.law = default if item.state == "self" else inherit
        borrowed = group.items[0].law
